"""The console's front door (each role's first page) and the viewer's own account page."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse

from api.console.deps import SignedIn
from api.console.pages import render
from api.console.roles import Permission
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.console_sessions import ConsoleSessions

router = APIRouter()


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
async def account(request: Request, services: ServicesDep, viewer: SignedIn) -> HTMLResponse:
    """Who you are signed in as, your sessions, sign out everywhere, and the cookie notice."""
    email, sessions = await run_in_threadpool(_account, services, viewer)
    return render(request, "account.html", viewer, email=email, sessions=sessions)


def _account(services: Services, viewer: Viewer) -> tuple[str, int]:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        user = ledger.users.get(viewer.user_id)
        sessions = len(ConsoleSessions(ledger.scope.session).of_user(user.id))
        return ledger.users.email(user), sessions
