"""Dependencies of console routes: the signed-in viewer, the permission a route needs, and
the CSRF check every state-changing request passes first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from api.console.cookies import CSRF_FIELD, CSRF_HEADER, csrf_token_matches
from api.console.errors import CsrfRejected, Forbidden
from api.console.roles import Permission
from api.console.viewer import Viewer, find_viewer
from api.deps import ServicesDep

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def signed_in(request: Request, services: ServicesDep) -> Viewer:
    """The signed-in viewer (SignInRequired sends the browser to the sign-in page)."""
    return await run_in_threadpool(find_viewer, services, request)


SignedIn = Annotated[Viewer, Depends(signed_in)]


def needs(permission: Permission) -> Callable[[Viewer], Awaitable[Viewer]]:
    """A dependency: the viewer, if their role allows ``permission``; Forbidden otherwise."""

    async def allowed(viewer: SignedIn) -> Viewer:
        if not viewer.may(permission):
            raise Forbidden(f"your role ({viewer.role}) cannot use this page")
        return viewer

    return allowed


Reader = Annotated[Viewer, Depends(needs(Permission.CONVERSATIONS))]
Replier = Annotated[Viewer, Depends(needs(Permission.REPLY))]
Auditor = Annotated[Viewer, Depends(needs(Permission.AUDIT))]
Admin = Annotated[Viewer, Depends(needs(Permission.ADMIN))]


async def csrf_protected(request: Request) -> None:
    """Refuse a state-changing request unless it carries this browser's CSRF token (form field
    or header) and, when the browser says where it came from, comes from this site."""
    if request.method in _SAFE_METHODS:
        return
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfRejected("the request came from another site")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.url.netloc:
        raise CsrfRejected("the request came from another site")
    presented = request.headers.get(CSRF_HEADER)
    if presented is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        presented = field if isinstance(field, str) else None
    if not csrf_token_matches(request, presented):
        raise CsrfRejected("the form's security token is missing or out of date")
