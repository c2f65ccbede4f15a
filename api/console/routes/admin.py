"""The admin's users page: the workspace's users and what an admin does to them, each action a
CSRF-protected form that redirects back (303) with a notice, or shows the page again with
what went wrong and what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from api.console import user_admin
from api.console.accounts import hash_password
from api.console.deps import Admin
from api.console.errors import PageNotFound, WeakPassword
from api.console.pages import render
from api.console.user_accounts import workspace_of
from api.console.user_admin import AdminRefused
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.errors import InvalidInput, NotFound
from store.ledger import Ledger
from store.users import Role

router = APIRouter()

USERS = "/console/admin/users"
_FIELD_LIMIT = 1024
# What a redirect's ``done`` code says on the page: fixed sentences, nothing from the URL.
NOTICES = {
    "created": "User created. They set up their one-time codes at their first sign-in.",
    "role": "Role changed.",
    "disabled": "User disabled and signed out everywhere.",
    "enabled": "User enabled.",
    "signed_out": "User signed out everywhere.",
    "mfa_reset": "One-time codes reset: the user sets up an authenticator at next sign-in.",
    "password_set": "New password set and the user signed out: pass it on in person or by phone.",
    "mfa_required": "Everyone now needs a one-time code to sign in.",
    "mfa_optional": "Only admins now need a one-time code to sign in.",
}

Field = Annotated[str, Form(max_length=_FIELD_LIMIT)]


@router.get("/admin/users")
async def users_page(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    done: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """The workspace's users and the forms to manage them."""
    return await _page(request, services, viewer, notice=NOTICES.get(done))


@router.post("/admin/users")
async def create_user(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    email: Field,
    role: Field,
    password: Field,
) -> Response:
    """Create a user; a refused address, role or password shows the form again as typed
    (bar the password)."""

    def create(ledger: Ledger) -> None:
        user_admin.add_user(
            ledger, services.ledgers.keys, viewer, email, user_admin.parse_role(role), password
        )

    try:
        await run_in_threadpool(_act, services, viewer, create)
    except (InvalidInput, WeakPassword) as exc:
        return await _page(
            request,
            services,
            viewer,
            status_code=status.HTTP_400_BAD_REQUEST,
            form_error=str(exc),
            typed={"email": email, "role": role},
        )
    return _back("created")


@router.post("/admin/users/{user_id}/role")
async def change_role(
    request: Request, services: ServicesDep, viewer: Admin, user_id: str, role: Field
) -> Response:
    """Change what the user may do."""
    return await _user_action(
        request,
        services,
        viewer,
        lambda ledger: user_admin.change_role(ledger, viewer, user_id, user_admin.parse_role(role)),
        "role",
    )


@router.post("/admin/users/{user_id}/disable")
async def disable(request: Request, services: ServicesDep, viewer: Admin, user_id: str) -> Response:
    """Stop the user signing in, and end their sessions."""
    return await _user_action(
        request,
        services,
        viewer,
        lambda ledger: user_admin.set_enabled(ledger, viewer, user_id, enabled=False),
        "disabled",
    )


@router.post("/admin/users/{user_id}/enable")
async def enable(request: Request, services: ServicesDep, viewer: Admin, user_id: str) -> Response:
    """Let a disabled user sign in again."""
    return await _user_action(
        request,
        services,
        viewer,
        lambda ledger: user_admin.set_enabled(ledger, viewer, user_id, enabled=True),
        "enabled",
    )


@router.post("/admin/users/{user_id}/sign-out")
async def sign_out(
    request: Request, services: ServicesDep, viewer: Admin, user_id: str
) -> Response:
    """End every session of the user."""
    return await _user_action(
        request,
        services,
        viewer,
        lambda ledger: user_admin.sign_out_everywhere(ledger, viewer, user_id),
        "signed_out",
    )


@router.post("/admin/users/{user_id}/password")
async def set_password(
    request: Request, services: ServicesDep, viewer: Admin, user_id: str, password: Field
) -> Response:
    """Give the user a new password (a forgotten one) and end their sessions."""
    try:
        password_hash = await run_in_threadpool(hash_password, password)
    except WeakPassword as exc:
        return await _page(
            request, services, viewer, status_code=status.HTTP_400_BAD_REQUEST, error=str(exc)
        )
    return await _user_action(
        request,
        services,
        viewer,
        lambda ledger: user_admin.set_password(ledger, viewer, user_id, password_hash),
        "password_set",
    )


@router.post("/admin/users/{user_id}/reset-mfa")
async def reset_mfa(
    request: Request, services: ServicesDep, viewer: Admin, user_id: str
) -> Response:
    """Make the user set up a new authenticator at their next sign-in."""
    return await _user_action(
        request,
        services,
        viewer,
        lambda ledger: user_admin.reset_mfa(ledger, viewer, user_id),
        "mfa_reset",
    )


@router.post("/admin/workspace/mfa")
async def require_mfa(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    required: Annotated[bool, Form()],
) -> Response:
    """Require a one-time code of everyone in the workspace, or of admins only."""
    await run_in_threadpool(
        _act, services, viewer, lambda ledger: user_admin.require_mfa(ledger, viewer, required)
    )
    return _back("mfa_required" if required else "mfa_optional")


async def _user_action(
    request: Request,
    services: Services,
    viewer: Viewer,
    action: Callable[[Ledger], None],
    done: str,
) -> Response:
    """Run an action on one user: 404 for a user of another workspace (or none), the page
    again with the reason when a guard rail or the input refuses it, back with a notice
    otherwise."""
    try:
        await run_in_threadpool(_act, services, viewer, action)
    except NotFound as exc:
        raise PageNotFound("no such user in your workspace") from exc
    except (AdminRefused, InvalidInput) as exc:
        return await _page(
            request, services, viewer, status_code=status.HTTP_409_CONFLICT, error=str(exc)
        )
    return _back(done)


def _act(services: Services, viewer: Viewer, action: Callable[[Ledger], None]) -> None:
    """One action, one unit of work: it and its audit entry commit together or not at all."""
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        action(ledger)


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"{USERS}?done={done}", status_code=status.HTTP_303_SEE_OTHER)


async def _page(
    request: Request,
    services: Services,
    viewer: Viewer,
    status_code: int = status.HTTP_200_OK,
    **context: Any,
) -> HTMLResponse:
    users, mfa_required = await run_in_threadpool(_users, services, viewer)
    return render(
        request,
        "admin_users.html",
        viewer,
        status_code=status_code,
        users=users,
        mfa_required=mfa_required,
        roles=list(Role),
        **context,
    )


def _users(services: Services, viewer: Viewer) -> tuple[list[user_admin.UserRow], bool]:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        rows = user_admin.list_users(ledger, viewer, services.console.times.idle)
        return rows, workspace_of(ledger).mfa_required
