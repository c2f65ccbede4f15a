"""OAuth credentials against the fake Google over real HTTP: loading authorized-user JSON (and the
token_uri trap), refresh failures, revocation, persistence, and the consent flow's input checks."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
from google.oauth2.credentials import Credentials

from connectors.gmail.client import GmailClient
from connectors.gmail.credentials import (
    GOOGLE_TOKEN_URI,
    from_stored,
    load_authorized_user,
    refresh,
    revoke,
    run_consent_flow,
    to_authorized_user_info,
)
from connectors.gmail.errors import (
    GoogleUnreachable,
    InvalidClientSecrets,
    InvalidCredentialsFile,
    RefreshFailed,
    RevokeFailed,
    TokenRevoked,
)
from connectors.gmail.transport import TimeoutRequest
from fakes.gmail_api import READONLY, FakeGoogle


def info_for(google: FakeGoogle) -> dict[str, str]:
    return google.authorized_user_info(google.issue_refresh_token())


# -- the token_uri trap ----------------------------------------------------------------------


def test_the_library_alone_would_refresh_at_google_whatever_the_file_says(
    google: FakeGoogle,
) -> None:
    """The trap itself, shown without any network: the file's token_uri is dropped."""
    info = info_for(google)
    naive = Credentials.from_authorized_user_info(info)  # type: ignore[no-untyped-call]
    assert naive.token_uri == GOOGLE_TOKEN_URI != info["token_uri"]


def test_the_library_alone_would_have_refreshed_at_google(
    google: FakeGoogle, loopback_only: list[str]
) -> None:
    naive = Credentials.from_authorized_user_info(info_for(google))  # type: ignore[no-untyped-call]
    with pytest.raises(GoogleUnreachable):
        refresh(naive, TimeoutRequest(timeout=2))
    assert loopback_only == ["oauth2.googleapis.com"]
    loopback_only.clear()
    assert not google.requests_to("/token")


def test_an_imported_file_refreshes_at_its_own_token_uri(google: FakeGoogle) -> None:
    info = info_for(google)
    credentials = load_authorized_user(info)
    assert credentials.token_uri == info["token_uri"] == google.token_uri
    assert not credentials.valid  # no access token yet

    refresh(credentials, TimeoutRequest())

    assert credentials.valid and credentials.token and credentials.token.startswith("ya29.fake-")
    (token_request,) = google.requests_to("/token")
    form = urllib.parse.parse_qs(token_request.body.decode())
    assert form["grant_type"] == ["refresh_token"]
    assert form["refresh_token"] == [info["refresh_token"]]
    assert form["client_id"] == [info["client_id"]]


def test_a_file_without_token_uri_means_google_like_gcloud_files() -> None:
    info = {"client_id": "id", "client_secret": "secret", "refresh_token": "1//r"}
    assert load_authorized_user(info).token_uri == GOOGLE_TOKEN_URI


# -- invalid files ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["client_id", "client_secret", "refresh_token"])
def test_a_missing_or_empty_field_is_named_but_no_value_is_shown(
    google: FakeGoogle, field: str
) -> None:
    info = info_for(google)
    for broken in ({k: v for k, v in info.items() if k != field}, {**info, field: "  "}):
        with pytest.raises(InvalidCredentialsFile) as caught:
            load_authorized_user(broken)
        assert caught.value.field == field and repr(field) in str(caught.value)
        for secret in (info["refresh_token"], info["client_secret"]):
            assert secret not in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "service_account"}, "type"),
        ({"token_uri": 42}, "token_uri"),
        ({"token_uri": "ftp://tokens.example"}, "token_uri"),
        ({"token": 7}, "token"),
        ({"scopes": [1, 2]}, "scopes"),
        ({"expiry": "yesterday"}, "expiry"),
    ],
)
def test_fields_of_the_wrong_kind_are_refused(
    google: FakeGoogle, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidCredentialsFile) as caught:
        load_authorized_user({**info_for(google), **change})
    assert caught.value.field == field


def test_a_document_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InvalidCredentialsFile):
        load_authorized_user(["not", "an", "object"])  # type: ignore[arg-type]


# -- refresh failures ------------------------------------------------------------------------


def test_a_revoked_refresh_token_raises_token_revoked(google: FakeGoogle) -> None:
    credentials = load_authorized_user(info_for(google))
    google.revoke_all()
    with pytest.raises(TokenRevoked) as caught:
        refresh(credentials)
    assert credentials.refresh_token not in str(caught.value)


def test_an_unknown_refresh_token_raises_token_revoked(google: FakeGoogle) -> None:
    info = {**info_for(google), "refresh_token": "1//never-issued"}
    with pytest.raises(TokenRevoked):
        refresh(load_authorized_user(info))


def test_a_wrong_client_secret_is_a_refresh_failure_naming_the_oauth_error(
    google: FakeGoogle,
) -> None:
    info = {**info_for(google), "client_secret": "not-the-secret"}
    with pytest.raises(RefreshFailed) as caught:
        refresh(load_authorized_user(info))
    assert caught.value.oauth_error == "invalid_client"
    assert "not-the-secret" not in str(caught.value)


def test_an_unreachable_token_endpoint_raises_google_unreachable() -> None:
    with FakeGoogle() as gone:
        info = info_for(gone)
    with pytest.raises(GoogleUnreachable):
        refresh(load_authorized_user(info), TimeoutRequest(timeout=2))


def test_a_token_endpoint_slower_than_the_timeout_raises_google_unreachable(
    google: FakeGoogle,
) -> None:
    credentials = load_authorized_user(info_for(google))
    google.delay_next(3, path="/token")
    with pytest.raises(GoogleUnreachable):
        refresh(credentials, TimeoutRequest(timeout=0.3))


# -- revocation ------------------------------------------------------------------------------


def test_revoke_then_refresh_raises_token_revoked(google: FakeGoogle) -> None:
    credentials = load_authorized_user(info_for(google))
    refresh(credentials)

    revoke(credentials, google.revoke_uri)

    (revocation,) = google.requests_to("/revoke")
    assert revocation.path == "/revoke"  # the token travels in the body, never in the URL
    assert urllib.parse.parse_qs(revocation.body.decode()) == {"token": [credentials.refresh_token]}
    with pytest.raises(TokenRevoked):
        refresh(credentials)


def test_revoking_twice_is_harmless(google: FakeGoogle) -> None:
    credentials = load_authorized_user(info_for(google))
    revoke(credentials, google.revoke_uri)
    revoke(credentials, google.revoke_uri)  # 400 invalid_token: already revoked
    assert len(google.requests_to("/revoke")) == 2


def test_a_revocation_endpoint_error_raises_revoke_failed(google: FakeGoogle) -> None:
    credentials = load_authorized_user(info_for(google))
    google.fail_next(503, path="/revoke")
    with pytest.raises(RevokeFailed) as caught:
        revoke(credentials, google.revoke_uri)
    assert caught.value.status == 503


def test_revoking_at_an_unreachable_endpoint_raises_google_unreachable() -> None:
    with FakeGoogle() as gone:
        credentials = load_authorized_user(info_for(gone))
        revoke_uri = gone.revoke_uri
    with pytest.raises(GoogleUnreachable):
        revoke(credentials, revoke_uri, TimeoutRequest(timeout=2))


# -- persistence -----------------------------------------------------------------------------


def test_stored_credentials_keep_their_access_token_and_need_no_refresh(
    google: FakeGoogle,
) -> None:
    credentials = load_authorized_user(info_for(google))
    refresh(credentials)
    stored = json.loads(json.dumps(to_authorized_user_info(credentials)))  # as persisted

    assert stored["type"] == "authorized_user" and stored["token_uri"] == google.token_uri
    assert stored["token"] == credentials.token and stored["expiry"].endswith("Z")
    restored = from_stored(stored)
    assert restored.valid and restored.token_uri == google.token_uri

    with GmailClient(restored, api_base=google.base_url) as client:
        client.get_profile()
    assert len(google.requests_to("/token")) == 1  # the stored access token was used


def test_credentials_that_cannot_refresh_are_not_persisted() -> None:
    with pytest.raises(InvalidCredentialsFile) as caught:
        access_only = Credentials(token="ya29.only-an-access-token")  # type: ignore[no-untyped-call]
        to_authorized_user_info(access_only)
    assert caught.value.field == "client_id"


def test_scopes_survive_a_round_trip(google: FakeGoogle) -> None:
    info = {**info_for(google), "scopes": [READONLY]}
    assert to_authorized_user_info(load_authorized_user(info))["scopes"] == [READONLY]


# -- consent flow input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "does not exist"),
        ("{not json", "'web' or 'installed'"),
        ('{"service_account": {}}', "'web' or 'installed'"),
        ('{"installed": {"client_id": "x"}}', "'web' or 'installed'"),
        ('{"installed": "x"}', "'web' or 'installed'"),
        ("[1, 2]", "'web' or 'installed'"),
    ],
)
def test_an_unusable_client_secrets_file_is_refused_before_any_browser_opens(
    tmp_path: Path, content: str | None, problem: str
) -> None:
    path = tmp_path / "client_secret.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InvalidClientSecrets) as caught:
        run_consent_flow(path)
    assert problem in str(caught.value)


def test_a_directory_is_not_a_client_secrets_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidClientSecrets, match="cannot be read"):
        run_consent_flow(tmp_path)
