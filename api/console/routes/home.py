"""The console's front door (each role's first page) and the viewer's own account page: who
they are, their password, their sessions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from api.console.accounts import hash_password, password_matches
from api.console.deps import SignedIn
from api.console.errors import WeakPassword
from api.console.pages import render
from api.console.roles import Permission
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.console_sessions import ConsoleSessions
from store.models import User

router = APIRouter()

_FIELD_LIMIT = 1024
_NOTICES = {"password": "Password changed. Your other browsers are signed out."}


@router.get("")
async def home(viewer: SignedIn) -> RedirectResponse:
    """Admins start on the dashboard, reps in the inbox, auditors in the audit log."""
    if viewer.may(Permission.ADMIN):
        target = "/console/dashboard"
    elif viewer.may(Permission.CONVERSATIONS):
        target = "/console/inbox"
    else:
        target = "/console/audit"
    return RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)


@router.get("/account")
async def account(
    request: Request,
    services: ServicesDep,
    viewer: SignedIn,
    done: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """Who you are signed in as, your sessions, your password, sign out everywhere, and the
    cookie notice."""
    return await _account_page(request, services, viewer, notice=_NOTICES.get(done))


@router.post("/account/password")
async def change_password(
    request: Request,
    services: ServicesDep,
    viewer: SignedIn,
    current: Annotated[str, Form(max_length=_FIELD_LIMIT)],
    new: Annotated[str, Form(max_length=_FIELD_LIMIT)],
) -> Response:
    """Change your own password: the current one first (attempts count against this
    address's sign-in throttle). Your other browsers are signed out; this one stays."""
    client = request.client.host if request.client else "unknown"
    if not services.console.throttle.allow(client):
        return await _account_page(
            request,
            services,
            viewer,
            status.HTTP_429_TOO_MANY_REQUESTS,
            error="Too many attempts from this address: wait a minute and try again.",
        )
    try:
        changed = await run_in_threadpool(_change_password, services, viewer, current, new)
    except WeakPassword as exc:
        return await _account_page(
            request, services, viewer, status.HTTP_400_BAD_REQUEST, error=str(exc)
        )
    if not changed:
        return await _account_page(
            request,
            services,
            viewer,
            status.HTTP_400_BAD_REQUEST,
            error="Your current password is not right: nothing was changed.",
        )
    return RedirectResponse("/console/account?done=password", status_code=status.HTTP_303_SEE_OTHER)


async def _account_page(
    request: Request,
    services: Services,
    viewer: Viewer,
    status_code: int = status.HTTP_200_OK,
    **context: Any,
) -> HTMLResponse:
    email, sessions = await run_in_threadpool(_account, services, viewer)
    return render(
        request,
        "account.html",
        viewer,
        status_code=status_code,
        email=email,
        sessions=sessions,
        **context,
    )


def _change_password(services: Services, viewer: Viewer, current: str, new: str) -> bool:
    """False (and an audit entry) when ``current`` is wrong; WeakPassword when the new one
    breaks the rules. Argon2 runs outside the write lock."""
    with services.store.database.session() as session:
        user = session.get(User, viewer.user_id)
        stored_hash = user.password_hash if user is not None else None
    new_hash = hash_password(new)
    matches = password_matches(stored_hash, current)
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        user = ledger.users.get(viewer.user_id)
        if not matches:
            ledger.audit.append(
                "console.password_change_failed", viewer.actor, user.id, {"reason": "password"}
            )
            return False
        ledger.users.set_password_hash(user, new_hash)
        ended = ConsoleSessions(ledger.scope.session).end_all(user.id, keep=viewer.session)
        ledger.audit.append(
            "console.password_changed", viewer.actor, user.id, {"other_sessions": ended}
        )
        return True


def _account(services: Services, viewer: Viewer) -> tuple[str, int]:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        user = ledger.users.get(viewer.user_id)
        counts = ConsoleSessions(ledger.scope.session).signed_in_counts(
            ledger.scope.workspace_id, services.console.times.idle
        )
        sessions = counts.get(user.id, 0)
        return ledger.users.email(user), sessions
