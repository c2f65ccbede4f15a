"""``aspinix gmail connect|status|disconnect`` as an operator runs them, against the fake
Google: the authorized-user file's own token endpoint, the watch started at once, the refresh
token stored encrypted, a revoked token shown, and disconnect revoking at Google."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.gmail_api import FakeGoogle
from store.crypto import encode_key, new_key
from tests.aspinix.test_ledger_cli import run

TOPIC = "projects/p/topics/gmail"


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle(email_address="sales@tarang.example") as fake:
        yield fake


@pytest.fixture
def env(tmp_path: Path, google: FakeGoogle) -> dict[str, str]:
    return {
        "ASPINIX_DATA_DIR": str(tmp_path),
        "ASPINIX_MASTER_KEY": encode_key(new_key()),
        **google.service_env(audience="https://a.test/push", public_url="https://a.test",
                             topic=TOPIC),
    }  # fmt: skip


def _credentials_file(tmp_path: Path, google: FakeGoogle) -> tuple[Path, str]:
    token = google.issue_refresh_token()
    path = tmp_path / "authorized_user.json"
    path.write_text(json.dumps(google.authorized_user_info(token)))
    return path, token


def test_connect_refreshes_at_the_files_token_uri_and_starts_the_watch(
    tmp_path: Path, google: FakeGoogle, env: dict[str, str]
) -> None:
    path, refresh_token = _credentials_file(tmp_path, google)
    result = run(env, "gmail", "connect", "--authorized-user-file", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["address"] == "sales@tarang.example" and report["status"] == "connected"
    assert report["watch_expires_at"] is not None
    assert google.requests_to("/token") and google.watches[-1].topic_name == TOPIC
    stored = (
        sqlite3.connect(tmp_path / "aspinix.db")
        .execute("select credentials_ct, address_ct from mailboxes")
        .fetchall()
    )
    assert len(stored) == 1
    assert refresh_token.encode() not in stored[0][0] and b"sales@" not in stored[0][1]


def test_a_revoked_grant_is_refused_at_connect_with_a_clear_message(
    tmp_path: Path, google: FakeGoogle, env: dict[str, str]
) -> None:
    path, _ = _credentials_file(tmp_path, google)
    google.revoke_all()
    result = run(env, "gmail", "connect", "--authorized-user-file", str(path))
    assert result.returncode == 1 and "revoked" in result.stderr.lower()


def test_an_unreadable_credentials_file_names_the_problem(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"client_id": "x"}')
    result = run(env, "gmail", "connect", "--authorized-user-file", str(path))
    assert result.returncode != 0 and "client_secret" in result.stderr


def test_disconnect_revokes_at_google_and_deletes_the_credentials(
    tmp_path: Path, google: FakeGoogle, env: dict[str, str]
) -> None:
    path, _ = _credentials_file(tmp_path, google)
    assert run(env, "gmail", "connect", "--authorized-user-file", str(path)).returncode == 0
    result = run(env, "gmail", "disconnect")
    assert result.returncode == 0, result.stderr
    assert google.requests_to("/revoke") and google.stops == 1
    status = json.loads(run(env, "gmail", "status").stdout)
    assert [row["status"] for row in status] == ["disconnected"]
    credentials = (
        sqlite3.connect(tmp_path / "aspinix.db")
        .execute("select credentials_ct from mailboxes")
        .fetchone()
    )
    assert credentials == (None,)
