"""The OAuth side of the fake Google: ``POST /token``, ``POST /revoke``, ``GET /oauth2/v1/certs``.

The token endpoint takes the refresh_token grant only and checks the client before the grant
(``invalid_client`` 401, then ``invalid_grant`` 400 for an unknown or revoked token), as Google
does. Revoking a refresh token or one of its access tokens ends the whole grant.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

from fakes.google_replies import (
    Reply,
    first,
    google_error,
    json_reply,
    oauth_error,
    scripted_failure,
    wait_for_script,
)

if TYPE_CHECKING:
    from fakes.gmail_api import FakeGoogle


def route_oauth(
    fake: FakeGoogle, method: str, target: str, headers: dict[str, str], body: bytes
) -> Reply | None:
    """``POST /token``, ``POST /revoke`` and ``GET /oauth2/v1/certs``."""
    url = urllib.parse.urlsplit(target)
    known = {("POST", "/token"), ("POST", "/revoke"), ("GET", "/oauth2/v1/certs")}
    if (method, url.path) not in known:
        return google_error(404, "Not Found", "notFound")
    if not wait_for_script(fake, url.path):
        return None
    failure = scripted_failure(fake, url.path)
    if failure is not None:
        return failure
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    if url.path == "/token":
        return _token(fake, form)
    if url.path == "/revoke":
        return _revoke(fake, form or urllib.parse.parse_qs(url.query))
    if fake.certs_max_age is None:
        return json_reply(200, fake.certs())
    cache = f"public, max-age={fake.certs_max_age}, must-revalidate, no-transform"
    return json_reply(200, fake.certs(), {"Cache-Control": cache})


def _token(fake: FakeGoogle, form: dict[str, list[str]]) -> Reply:
    if first(form, "grant_type") != "refresh_token":
        return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: ")
    client_id, secret = first(form, "client_id"), first(form, "client_secret")
    with fake.lock:
        clients = {(g.client_id, g.client_secret) for g in fake.grants.values()}
        grant = fake.grants.get(first(form, "refresh_token") or "")
    if client_id not in {c for c, _ in clients}:
        return oauth_error(401, "invalid_client", "The OAuth client was not found.")
    if (client_id, secret) not in clients:
        return oauth_error(401, "invalid_client", "Unauthorized")
    if grant is None or grant.revoked or grant.client_id != client_id:
        return oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
    requested = (first(form, "scope") or "").split()
    if not set(requested) <= set(grant.scopes):
        return oauth_error(400, "invalid_scope", "Bad Request")
    answer = {
        "access_token": fake.mint_access_token(grant),
        "expires_in": fake.access_token_lifetime,
        "scope": " ".join(grant.scopes),
        "token_type": "Bearer",
    }
    return json_reply(200, answer, {"Cache-Control": "no-cache, no-store, max-age=0"})


def _revoke(fake: FakeGoogle, form: dict[str, list[str]]) -> Reply:
    token = first(form, "token") or ""
    with fake.lock:
        grant = fake.grants.get(token)
        if grant is None and token in fake.access_tokens:
            grant = fake.access_tokens[token][0]
        if grant is None or grant.revoked:
            return oauth_error(400, "invalid_token", "Token expired or revoked")
        grant.revoked = True  # its access tokens die with it (checked on use)
    return json_reply(200, {})
