"""OAuth user credentials for one mailbox: load, refresh, revoke, persist, and first consent.

The stored form is Google's authorized-user JSON (``client_id``, ``client_secret``,
``refresh_token``, ``token_uri``, ``type``), the file ``google-auth`` itself reads and writes,
so a mailbox connected with Google's own tools can be imported as is. The caller encrypts it at
rest: the refresh token is a long-lived key to the mailbox.

One trap: ``Credentials.from_authorized_user_info`` ignores the file's ``token_uri`` and always
uses Google's, so a file pointing at another token endpoint (a test fake, a regional endpoint)
would silently refresh against Google. ``load_authorized_user`` puts the file's back with
``with_token_uri``.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import google.auth.exceptions
import google.auth.transport
from google.oauth2.credentials import Credentials

from connectors.gmail.errors import (
    GmailError,
    GoogleUnreachable,
    InvalidClientSecrets,
    InvalidCredentialsFile,
    RefreshFailed,
    RevokeFailed,
    TokenRevoked,
)
from connectors.gmail.scopes import SCOPES
from connectors.gmail.transport import TimeoutRequest

GOOGLE_TOKEN_URI: Final = "https://oauth2.googleapis.com/token"
GOOGLE_REVOKE_URI: Final = "https://oauth2.googleapis.com/revoke"
AUTHORIZED_USER: Final = "authorized_user"

_REQUIRED_FIELDS: Final = ("client_id", "client_secret", "refresh_token")
_OAUTH_ERROR_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz_")


def load_authorized_user(info: Mapping[str, Any]) -> Credentials:
    """Credentials from authorized-user JSON, refreshing at the file's own ``token_uri``.

    ``token_uri`` may be absent (files written by gcloud omit it): Google's is then meant.
    ``scopes``, ``token`` and ``expiry`` are optional; without a token the first call refreshes.
    Raises ``InvalidCredentialsFile`` naming the first unusable field (never its value).
    """
    if not isinstance(info, Mapping):
        raise InvalidCredentialsFile("(document)", "is not a JSON object")
    if info.get("type", AUTHORIZED_USER) != AUTHORIZED_USER:
        raise InvalidCredentialsFile("type", f"is not {AUTHORIZED_USER!r}")
    for field in _REQUIRED_FIELDS:
        _require_text(info, field)
    token_uri = info.get("token_uri", GOOGLE_TOKEN_URI)
    if not (isinstance(token_uri, str) and token_uri.startswith(("https://", "http://"))):
        raise InvalidCredentialsFile("token_uri", "is not an http(s) URL")
    for field in ("token", "expiry"):
        if info.get(field) is not None and not isinstance(info[field], str):
            raise InvalidCredentialsFile(field, "is not a string")
    scopes = info.get("scopes")
    if scopes is not None and not (
        isinstance(scopes, str)
        or (isinstance(scopes, list) and all(isinstance(s, str) for s in scopes))
    ):
        raise InvalidCredentialsFile("scopes", "is neither a list of strings nor a string")
    try:
        loaded = Credentials.from_authorized_user_info(dict(info))  # type: ignore[no-untyped-call]
    except ValueError:
        raise InvalidCredentialsFile(
            "expiry", "is not a timestamp like 2026-01-31T12:00:00Z"
        ) from None
    credentials: Credentials = loaded.with_token_uri(token_uri)
    return credentials


def from_stored(info: Mapping[str, Any]) -> Credentials:
    """Credentials from what ``to_authorized_user_info`` returned, once the caller decrypted it."""
    return load_authorized_user(info)


def to_authorized_user_info(credentials: Credentials) -> dict[str, Any]:
    """The authorized-user JSON to persist, with the current access token and its expiry.

    Persist it again after every refresh: the access token changes, and Google may rotate the
    refresh token. Raises ``InvalidCredentialsFile`` if the credentials cannot be refreshed.
    """
    info: dict[str, Any] = {
        "type": AUTHORIZED_USER,
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
        "refresh_token": credentials.refresh_token,
        "token_uri": credentials.token_uri,
    }
    for field in (*_REQUIRED_FIELDS, "token_uri"):
        _require_text(info, field)
    if credentials.scopes:
        info["scopes"] = list(credentials.scopes)
    if credentials.token:
        info["token"] = credentials.token
    if credentials.expiry is not None:  # naive UTC, the format google-auth itself writes
        info["expiry"] = credentials.expiry.replace(tzinfo=None).isoformat() + "Z"
    return info


def refresh(credentials: Credentials, request: google.auth.transport.Request | None = None) -> None:
    """Get a new access token now (google-auth otherwise refreshes lazily, before a call).

    Raises ``TokenRevoked`` when Google answers ``invalid_grant``, ``GoogleUnreachable`` on a
    network error or a server error that outlasted google-auth's own retries, and
    ``RefreshFailed`` for any other refusal (a wrong client secret, for instance).
    """
    try:
        credentials.refresh(  # type: ignore[no-untyped-call]
            request if request is not None else TimeoutRequest()
        )
    except google.auth.exceptions.RefreshError as exc:
        raise refresh_failure(exc) from None
    except google.auth.exceptions.TransportError:
        raise GoogleUnreachable("OAuth token endpoint") from None


def refresh_failure(exc: google.auth.exceptions.RefreshError) -> GmailError:
    """The connector's error for a failed refresh, from the OAuth error code Google sent."""
    code = oauth_error_code(exc)
    if code == "invalid_grant":
        return TokenRevoked()
    if exc.retryable:
        return GoogleUnreachable("OAuth token endpoint")
    return RefreshFailed(code or "no OAuth error code in the answer")


def oauth_error_code(exc: google.auth.exceptions.RefreshError) -> str | None:
    """The ``error`` field of the token endpoint's JSON answer, if it is a plain OAuth code.

    google-auth passes the decoded answer as the error's second argument. Only a short code of
    lower-case letters and underscores is returned, so it is safe to put in a message.
    """
    for arg in exc.args[1:]:
        if isinstance(arg, Mapping):
            code = arg.get("error")
            if isinstance(code, str) and 0 < len(code) <= 64 and set(code) <= _OAUTH_ERROR_CHARS:
                return code
    return None


def revoke(
    credentials: Credentials,
    revoke_url: str = GOOGLE_REVOKE_URI,
    request: google.auth.transport.Request | None = None,
) -> None:
    """Revoke the grant at Google, so the stored refresh token is worthless if it ever leaks.

    The refresh token is sent (revoking it also ends its access tokens), in the form body
    rather than the URL so no proxy logs it. A 400 ``invalid_token`` means it was already
    revoked or expired: that counts as done, so calling this twice is harmless. Raises
    ``GoogleUnreachable`` on a network error and ``RevokeFailed`` on any other answer.
    """
    token = credentials.refresh_token or credentials.token
    if not token:
        return
    body = urllib.parse.urlencode({"token": token}).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    transport = request if request is not None else TimeoutRequest()
    try:
        response = transport(revoke_url, method="POST", body=body, headers=headers)
    except google.auth.exceptions.TransportError:
        raise GoogleUnreachable("OAuth revocation endpoint") from None
    if response.status == 200:
        return
    if response.status == 400 and _json_field(response.data, "error") == "invalid_token":
        return
    raise RevokeFailed(response.status)


def run_consent_flow(
    client_secrets_path: Path, *, port: int = 0, open_browser: bool = False
) -> Credentials:
    """Ask the mailbox owner for consent in a browser and return credentials that can refresh.

    Prints the consent URL (and opens it when ``open_browser``); a one-shot server on
    ``localhost:port`` (0: any free port) receives Google's redirect. ``access_type=offline``
    with ``prompt=consent`` makes Google return a refresh token even on a second consent.
    Raises ``InvalidClientSecrets`` when the client secrets file is unusable.
    """
    from google_auth_oauthlib.flow import InstalledAppFlow  # only needed here, and slow to import

    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets_path), scopes=SCOPES)
    except FileNotFoundError:
        raise InvalidClientSecrets("the file does not exist") from None
    except OSError:
        raise InvalidClientSecrets("the file cannot be read") from None
    except (ValueError, TypeError, KeyError, AttributeError):
        raise InvalidClientSecrets("it is not the JSON of a 'web' or 'installed' client") from None
    credentials = flow.run_local_server(
        port=port, open_browser=open_browser, access_type="offline", prompt="consent"
    )
    if not isinstance(credentials, Credentials) or not credentials.refresh_token:
        raise InvalidCredentialsFile("refresh_token", "was not returned by the consent flow")
    return credentials


def _require_text(info: Mapping[str, Any], field: str) -> None:
    value = info.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InvalidCredentialsFile(field)


def _json_field(data: bytes, field: str) -> object:
    try:
        decoded = json.loads(data)
    except ValueError:
        return None
    return decoded.get(field) if isinstance(decoded, dict) else None
