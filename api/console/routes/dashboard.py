"""The admin's dashboard: leads by priority and stage, replies awaiting review and what the
guardrail did over the last two weeks, as charts. Counts only (see
:mod:`api.console.dashboard_view`), read without the ledger's write lock."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from api.console.dashboard_view import DAYS, Dashboard, build_dashboard
from api.console.deps import Admin
from api.console.pages import render
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.workspaces import get_workspace

router = APIRouter()


@router.get("/dashboard")
async def dashboard(request: Request, services: ServicesDep, viewer: Admin) -> HTMLResponse:
    """The dashboard of the viewer's workspace."""
    view = await run_in_threadpool(_dashboard, services, viewer)
    return render(request, "dashboard.html", viewer, view=view, days=DAYS)


def _dashboard(services: Services, viewer: Viewer) -> Dashboard:
    with services.store.database.session() as session:
        workspace_id = get_workspace(session, viewer.workspace).id
        return build_dashboard(session, workspace_id, datetime.now(UTC))
