"""Rendering console pages: Jinja2 templates (autoescaped) with what every page needs: the
viewer, their permissions and the CSRF token for forms and htmx requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from api.console.cookies import CSRF_FIELD, CSRF_HEADER, csrf_seed, csrf_token, session_token
from api.console.roles import Permission
from api.console.viewer import Viewer

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def page_csrf_token(request: Request) -> str:
    """The CSRF token forms on this page carry."""
    seed = csrf_seed(request)
    return csrf_token(seed, session_token(request)) if seed else ""


def render(
    request: Request,
    template: str,
    viewer: Viewer | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page ``template`` for ``viewer`` (None on the sign-in pages)."""
    return templates.TemplateResponse(
        request,
        template,
        {
            "viewer": viewer,
            "Permission": Permission,
            "csrf_token": page_csrf_token(request),
            "csrf_field": CSRF_FIELD,
            "csrf_header": CSRF_HEADER,
            **context,
        },
        status_code=status_code,
    )
