"""The console's two cookies, both essential, HttpOnly, scoped to ``/console``, and Secure
when the console is served over HTTPS:

- ``aspinix_session``: the session token (SameSite=Lax, so following a link to the console
  from an e-mail still finds you signed in);
- ``aspinix_csrf``: a random seed for CSRF tokens (SameSite=Strict: never sent with a request
  another site starts).

A page's CSRF token is an HMAC of the session token keyed by the seed: forms and htmx requests
carry it, and a request whose token does not match both cookies changes nothing. Signing in
gives a new session token, so tokens from before sign-in stop working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import HTTPConnection
from starlette.responses import Response

SESSION_COOKIE = "aspinix_session"
CSRF_COOKIE = "aspinix_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PATH = "/console"


def is_https(connection: HTTPConnection) -> bool:
    """Whether the browser reached us over HTTPS (uvicorn reads X-Forwarded-Proto from a
    trusted proxy into the scheme)."""
    return connection.url.scheme == "https"


def sent_cookie(connection: HTTPConnection, name: str) -> str | None:
    """The first cookie called ``name`` the browser sent. Browsers send the most specific path
    first; a same-named cookie another page planted for ``/`` comes later and is ignored
    (Starlette's parser would keep the last one)."""
    for part in connection.headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


def session_token(connection: HTTPConnection) -> str | None:
    """The session token of this request: the one just issued, or the one the browser sent."""
    issued: str | None = getattr(connection.state, "session_token", None)
    return issued or sent_cookie(connection, SESSION_COOKIE)


def new_csrf_seed() -> str:
    """A fresh seed for the CSRF cookie."""
    return secrets.token_urlsafe(32)


def csrf_seed(connection: HTTPConnection) -> str | None:
    """This request's CSRF seed: the cookie, or the one the middleware just issued."""
    issued: str | None = getattr(connection.state, "csrf_seed", None)
    return issued or sent_cookie(connection, CSRF_COOKIE)


def csrf_token(seed: str, session: str | None) -> str:
    """The token forms carry: bound to the seed cookie and to the session."""
    message = (session or "signed-out").encode()
    return hmac.new(seed.encode(), message, hashlib.sha256).hexdigest()


def csrf_token_matches(connection: HTTPConnection, presented: str | None) -> bool:
    """Whether ``presented`` is the token of the cookies the browser sent (constant time)."""
    seed = sent_cookie(connection, CSRF_COOKIE)
    if not seed or not presented:
        return False
    expected = csrf_token(seed, sent_cookie(connection, SESSION_COOKIE))
    return hmac.compare_digest(expected.encode(), presented.encode())


def set_session(response: Response, connection: HTTPConnection, token: str) -> None:
    """Give the browser a session token and a new CSRF seed (old tokens stop working); the
    page rendered in this same response already uses both."""
    secure = is_https(connection)
    response.set_cookie(
        SESSION_COOKIE, token, path=PATH, httponly=True, samesite="lax", secure=secure
    )
    seed = new_csrf_seed()
    set_csrf_seed(response, connection, seed)
    connection.state.session_token = token
    connection.state.csrf_seed = seed


def set_csrf_seed(response: Response, connection: HTTPConnection, seed: str) -> None:
    """Set the CSRF seed cookie."""
    response.set_cookie(
        CSRF_COOKIE, seed, path=PATH, httponly=True, samesite="strict", secure=is_https(connection)
    )


def clear_session(response: Response, connection: HTTPConnection) -> None:
    """Forget the session token in this browser."""
    connection.state.session_token = None
    response.delete_cookie(
        SESSION_COOKIE, path=PATH, httponly=True, samesite="lax", secure=is_https(connection)
    )
