"""Headers on every console response, and the CSRF seed cookie for browsers without one.

Console pages show personal data: ``Cache-Control: no-store`` keeps them out of shared and
browser caches (static assets excepted). A strict Content-Security-Policy allows only our own
scripts and styles (htmx is served from ``/console/static``, not a CDN), no framing, and forms
that post only to us.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.console.cookies import CSRF_COOKIE, PATH, new_csrf_seed, sent_cookie, set_csrf_seed

STATIC_PATH = f"{PATH}/static/"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Not "no-referrer": Chromium then sends "Origin: null" with our own forms, and the
    # CSRF check compares the origin.
    "Referrer-Policy": "same-origin",
}


class ConsoleHeaders:
    """ASGI middleware: security headers on ``/console`` pages, and a CSRF seed cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not (path == PATH or path.startswith(f"{PATH}/")):
            await self._app(scope, receive, send)
            return
        if path.startswith(STATIC_PATH):
            await self._app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        cookie_headers: list[str] = []
        if sent_cookie(connection, CSRF_COOKIE) is None:
            seed = new_csrf_seed()
            scope.setdefault("state", {})["csrf_seed"] = seed
            carrier = Response()
            set_csrf_seed(carrier, connection, seed)
            cookie_headers = carrier.headers.getlist("set-cookie")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _PAGE_HEADERS.items():
                    headers[name] = value
                already = " ".join(headers.getlist("set-cookie"))
                for cookie in cookie_headers:
                    if f"{CSRF_COOKIE}=" not in already:  # sign-in set a new seed itself
                        headers.append("set-cookie", cookie)
            await send(message)

        await self._app(scope, receive, send_with_headers)
