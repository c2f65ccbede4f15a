"""The auditor's pages: the hash-chained audit log, the processing records and the record of
processing activities (ROPA) of the viewer's workspace.

They show ids, codes, counts and hashes, never message text or contact names, and each
opening is itself audited (with counts only), so who looked at the log is in the log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from api.console.deps import Auditor
from api.console.errors import PageNotFound
from api.console.pages import render
from api.console.paging import Page, page_of
from api.console.user_accounts import workspace_of
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.errors import NotFound
from store.models import AuditEntry, ProcessingRecord
from store.processing_records import ProcessingRecords
from store.ropa import DATA_SUBJECTS, SECURITY_MEASURES, build_ropa

router = APIRouter()

PAGE_SIZE = 50


@router.get("/audit")
async def audit_log(
    request: Request,
    services: ServicesDep,
    viewer: Auditor,
    before: Annotated[int | None, Query(ge=1)] = None,
    action: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    """The audit log, newest first, optionally only actions starting with ``action``."""
    page = await run_in_threadpool(_audit_log, services, viewer, before, action.strip())
    return render(
        request, "audit_log.html", viewer, section="log", page=page, action=action.strip()
    )


@router.get("/audit/records")
async def processing_records(
    request: Request,
    services: ServicesDep,
    viewer: Auditor,
    before: Annotated[str | None, Query(max_length=32)] = None,
) -> HTMLResponse:
    """Processing records, newest first: what was sent to whom, why, and what was redacted."""
    try:
        page = await run_in_threadpool(_records, services, viewer, before)
    except NotFound as exc:
        raise PageNotFound("no such processing record in your workspace") from exc
    return render(request, "audit_records.html", viewer, section="records", page=page)


@router.get("/audit/ropa")
async def ropa(request: Request, services: ServicesDep, viewer: Auditor) -> HTMLResponse:
    """The record of processing activities (GDPR Art. 30), one row per purpose."""
    rows, controller, workspace = await run_in_threadpool(_ropa, services, viewer)
    return render(
        request,
        "audit_ropa.html",
        viewer,
        section="ropa",
        rows=rows,
        controller=controller,
        workspace=workspace,
        data_subjects=DATA_SUBJECTS,
        security_measures=SECURITY_MEASURES,
    )


def _audit_log(
    services: Services, viewer: Viewer, before: int | None, action: str
) -> Page[AuditEntry]:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        fetched = ledger.audit.entries(PAGE_SIZE + 1, before, action)
        page = page_of(fetched, PAGE_SIZE, lambda entry: str(entry.seq))
        ledger.audit.append(
            "console.audit_viewed", viewer.actor, "audit", {"entries": len(page.rows)}
        )
        return page


def _records(services: Services, viewer: Viewer, before: str | None) -> Page[ProcessingRecord]:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        fetched = ProcessingRecords(ledger.scope).newest(PAGE_SIZE + 1, before)
        page = page_of(fetched, PAGE_SIZE, lambda record: record.id)
        ledger.audit.append(
            "console.records_viewed", viewer.actor, "processing", {"records": len(page.rows)}
        )
        return page


def _ropa(services: Services, viewer: Viewer) -> tuple[list[dict[str, Any]], str, str]:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        workspace = workspace_of(ledger)
        rows = build_ropa(ledger.scope.session, workspace, ledger.catalogue)
        ledger.audit.append("console.ropa_viewed", viewer.actor, "ropa", {"purposes": len(rows)})
        return rows, ledger.catalogue.controller, workspace.name
