"""Console users for browser tests, made as an operator makes them (``aspinix users create``,
password on stdin), and signing in through the real sign-in page."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pyotp
from playwright.sync_api import Page, expect

from tests.e2e.deployment import Deployment

PASSWORD = "browser tests passphrase"


@dataclass(frozen=True)
class ConsoleUser:
    """An account and what signing in as it takes."""

    email: str
    role: str
    totp_secret: str | None

    def code(self) -> str:
        assert self.totp_secret is not None
        return pyotp.TOTP(self.totp_secret).now()


def create_console_user(
    deployment: Deployment, role: str, workspace: str | None = None
) -> ConsoleUser:
    """A new user of ``role`` (in ``workspace``, default the deployment's)."""
    email = f"{role}-{uuid.uuid4().hex[:6]}@tarang.example"
    extra = ("--workspace", workspace) if workspace else ()
    done = deployment.cli(
        "users", "create", "--email", email, "--role", role, *extra, stdin=PASSWORD.encode()
    )
    assert done.returncode == 0, done.stderr.decode()
    uri = re.search(rb"otpauth://totp/\S+", done.stdout)
    secret = pyotp.parse_uri(uri.group(0).decode()).secret if uri else None
    return ConsoleUser(email, role, secret)


def sign_in(page: Page, user: ConsoleUser) -> None:
    """Sign in through the page, as a person would: Email, Password, then the code if asked."""
    page.goto("/console/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if user.totp_secret is not None:
        expect(page.get_by_label("One-time code")).to_be_visible()
        page.get_by_label("One-time code").fill(user.code())
        page.get_by_role("button", name="Verify").click()
    expect(page).not_to_have_url(re.compile(r"/console/login"))
