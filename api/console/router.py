"""Puts the console into the FastAPI app: its routes under ``/console`` (left out of the
OpenAPI document: they are pages, not an API), its static files, its headers middleware and
the handlers that turn its refusals into pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request, status
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from api.console.deps import csrf_protected
from api.console.errors import CsrfRejected, Forbidden, PageNotFound, SignInRequired
from api.console.middleware import ConsoleHeaders
from api.console.pages import render
from api.console.routes import (
    admin,
    audit,
    conversations,
    dashboard,
    home,
    inbox,
    policy,
    settings,
    signin,
)

PREFIX = "/console"
LOGIN = f"{PREFIX}/login"


def install_console(app: FastAPI) -> None:
    """Add the console to ``app``."""
    for area in (signin, home, inbox, conversations, audit, admin, dashboard, settings, policy):
        app.include_router(
            area.router,
            prefix=PREFIX,
            dependencies=[Depends(csrf_protected)],
            include_in_schema=False,
        )
    app.mount(
        "/console/static",
        StaticFiles(directory=Path(__file__).parent / "static"),
        name="console-static",
    )
    app.add_middleware(ConsoleHeaders)
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(Forbidden, _refused)
    app.add_exception_handler(CsrfRejected, _refused)
    app.add_exception_handler(PageNotFound, _not_found)
    app.add_exception_handler(StarletteHTTPException, _http_error)


async def _sign_in(request: Request, exc: Exception) -> Response:
    """To the sign-in page; an htmx request is told to send the whole page there."""
    if request.headers.get("hx-request") == "true":
        return Response(status_code=status.HTTP_401_UNAUTHORIZED, headers={"HX-Redirect": LOGIN})
    return RedirectResponse(LOGIN, status_code=status.HTTP_303_SEE_OTHER)


async def _refused(request: Request, exc: Exception) -> Response:
    return render(
        request,
        "error.html",
        status_code=status.HTTP_403_FORBIDDEN,
        heading="Not allowed",
        message=str(exc),
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    """A console address that matches no page gets the console's 404 page; everything else
    keeps FastAPI's JSON answer."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == status.HTTP_404_NOT_FOUND and (request.url.path + "/").startswith(
        f"{PREFIX}/"
    ):
        return await _not_found(request, PageNotFound("there is no such console page"))
    return await http_exception_handler(request, exc)


async def _not_found(request: Request, exc: Exception) -> Response:
    return render(
        request,
        "error.html",
        status_code=status.HTTP_404_NOT_FOUND,
        heading="Not found",
        message=str(exc),
    )
