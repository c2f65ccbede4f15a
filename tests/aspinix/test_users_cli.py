"""``aspinix users create|list``: the first admin is made from the terminal, with the password
piped on stdin, and gets a TOTP enrolment URI and recovery codes that work."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest

from api.console.accounts import matching_step, recovery_digest
from store.crypto import MasterKeyRing, encode_key, new_key
from store.db import Database
from store.keys import KeyManager
from store.users import find_login


def users(env: dict[str, str], *args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aspinix.cli", "users", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **env},
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ASPINIX_DATA_DIR": str(tmp_path),
        "ASPINIX_MASTER_KEY": encode_key(new_key()),
        "ASPINIX_WORKSPACE": "acme",
    }


def test_the_first_admin_gets_an_enrolment_uri_and_recovery_codes(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = users(
        env, "create", "--email", "Founder@Acme.example", "--role", "admin", password="x" * 16
    )
    assert done.returncode == 0, done.stderr
    uri = re.search(r"otpauth://totp/\S+", done.stdout)
    assert uri is not None and "issuer=Aspinix" in uri.group(0)
    secret = pyotp.parse_uri(uri.group(0)).secret
    codes = re.findall(r"^  ([a-z2-7]{4}(?:-[a-z2-7]{4}){3})$", done.stdout, re.MULTILINE)
    assert len(codes) == 10
    database = Database(f"sqlite:///{tmp_path / 'aspinix.db'}")
    keys = KeyManager(MasterKeyRing.from_text(env["ASPINIX_MASTER_KEY"]))
    with database.session() as session:
        found = find_login(session, keys, "founder@acme.example")
        assert found is not None
        user, slug = found
        assert slug == "acme" and user.role == "admin" and user.mfa_enrolled
        assert recovery_digest(codes[0]) in user.recovery_codes
        assert b"founder" not in user.email_ct.lower()
    database.dispose()
    assert matching_step(secret, pyotp.TOTP(secret).now()) is not None


def test_a_rep_gets_no_uri_and_the_listing_shows_no_address(env: dict[str, str]) -> None:
    done = users(env, "create", "--email", "rep@acme.example", "--role", "rep", password="y" * 14)
    assert done.returncode == 0 and "otpauth://" not in done.stdout
    listing = users(env, "list", password="")
    assert "\trep\tmfa=off" in listing.stdout and "rep@acme.example" not in listing.stdout


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (("--email", "a@acme.example", "--role", "rep"), "short", "at least 12 characters"),
        (("--email", "not-an-address", "--role", "rep"), "z" * 14, "email:"),
        (("--email", "a@acme.example", "--role", "owner"), "z" * 14, "invalid choice"),
    ],
    ids=["weak-password", "bad-email", "bad-role"],
)
def test_bad_input_is_refused_with_a_clear_message(
    env: dict[str, str], args: tuple[str, ...], password: str, message: str
) -> None:
    done = users(env, "create", *args, password=password)
    assert done.returncode != 0 and message in done.stderr


def test_an_address_in_use_in_any_workspace_is_refused(env: dict[str, str]) -> None:
    users(env, "create", "--email", "a@acme.example", "--role", "rep", password="z" * 14)
    again = users(
        env,
        "create",
        "--email",
        "A@acme.example",
        "--role",
        "auditor",
        "--workspace",
        "other",
        password="z" * 14,
    )
    assert again.returncode == 2 and "exists already" in again.stderr
