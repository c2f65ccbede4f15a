"""Driving the console over HTTP in tests, as a browser would: cookies kept by the client,
the CSRF token read from each page's forms."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
import pyotp
from fastapi.testclient import TestClient

from api.console.cookies import CSRF_FIELD, CSRF_HEADER
from api.console.user_accounts import create_user
from api.services import Services
from store.users import Role

PASSWORD = "a long enough passphrase"
_TOKEN = re.compile(rf'name="{CSRF_FIELD}" value="([0-9a-f]*)"')
_URI_SECRET = re.compile(r"secret=([A-Z2-7]+)")


@dataclass(frozen=True)
class Account:
    """A user made for a test, with what it takes to sign in as them."""

    user_id: str
    email: str
    role: Role
    workspace: str
    totp_secret: str | None
    recovery_codes: tuple[str, ...]

    def code(self, at: float | None = None) -> str:
        assert self.totp_secret is not None
        totp = pyotp.TOTP(self.totp_secret)
        return totp.at(at) if at is not None else totp.now()


def make_account(
    services: Services, email: str, role: Role, workspace: str | None = None
) -> Account:
    """A user as ``aspinix users create`` makes them (MFA set up at once when required)."""
    slug = workspace or services.settings.workspace
    with services.ledgers.open(slug, "test") as ledger:
        created = create_user(ledger, email, role, PASSWORD, "test", enrol_now=True)
    secret = None
    if created.enrolment_uri is not None:
        match = _URI_SECRET.search(created.enrolment_uri)
        assert match is not None
        secret = match.group(1)
    return Account(created.user.id, email, role, slug, secret, tuple(created.recovery_codes))


def csrf_of(page: httpx.Response) -> str:
    """The CSRF token in a page's forms."""
    match = _TOKEN.search(page.text)
    assert match is not None, "no CSRF token on the page"
    return match.group(1)


def post_form(
    client: TestClient, path: str, data: dict[str, str], from_page: str
) -> httpx.Response:
    """POST ``data`` as the form on ``from_page`` would, with that page's CSRF token."""
    token = csrf_of(client.get(from_page))
    return client.post(path, data={**data, CSRF_FIELD: token}, follow_redirects=False)


def htmx_post(client: TestClient, path: str, from_page: str, **data: str) -> httpx.Response:
    """POST as htmx does: the CSRF token in the header."""
    token = csrf_of(client.get(from_page))
    return client.post(
        path, data=data, headers={CSRF_HEADER: token, "HX-Request": "true"}, follow_redirects=False
    )


def sign_in(client: TestClient, account: Account, password: str = PASSWORD) -> httpx.Response:
    """Sign ``account`` in (with a TOTP code when they have MFA); returns the last answer."""
    answer = post_form(
        client, "/console/login", {"email": account.email, "password": password}, "/console/login"
    )
    if answer.headers.get("location") == "/console/login/code":
        answer = post_form(
            client, "/console/login/code", {"code": account.code()}, "/console/login/code"
        )
    return answer
