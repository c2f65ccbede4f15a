"""The auditor's pages: the hash-chained audit log (with a button that verifies the chain),
the processing records and the record of processing activities (ROPA) of the viewer's
workspace, which also downloads as JSON and CSV.

They show ids, codes, counts and hashes, never message text or contact names, and each
opening, download and successful verification is itself audited (with counts only), so who
looked at the log is in the log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from api.console.deps import Auditor
from api.console.errors import PageNotFound
from api.console.pages import render
from api.console.paging import Page, page_of
from api.console.user_accounts import workspace_of
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from aspinix.audit_verification import verify_or_alert
from store.audit import Verification
from store.errors import NotFound
from store.models import AuditEntry, ProcessingRecord
from store.processing_records import ProcessingRecords
from store.ropa import DATA_SUBJECTS, SECURITY_MEASURES, RopaFormat, build_ropa, ropa_document
from store.workspaces import get_workspace

router = APIRouter()

PAGE_SIZE = 50
_MEDIA_TYPES = {RopaFormat.JSON: "application/json", RopaFormat.CSV: "text/csv; charset=utf-8"}


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


@router.post("/audit/verify")
async def verify(request: Request, services: ServicesDep, viewer: Auditor) -> HTMLResponse:
    """Recompute the workspace's chain as ``aspinix audit verify`` does: the result fragment
    for htmx, a page of its own for a plain form. A broken chain raises the alert."""
    result = await run_in_threadpool(_verify, services, viewer)
    htmx = request.headers.get("hx-request") == "true"
    return render(
        request,
        "partials/chain_result.html" if htmx else "audit_verify.html",
        viewer,
        section="log",
        verification=result,
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


@router.get("/audit/ropa.json")
async def ropa_json_download(services: ServicesDep, viewer: Auditor) -> Response:
    """The ROPA as the JSON document ``aspinix ropa export`` writes."""
    return await _ropa_download(services, viewer, RopaFormat.JSON)


@router.get("/audit/ropa.csv")
async def ropa_csv_download(services: ServicesDep, viewer: Auditor) -> Response:
    """The ROPA as the CSV ``aspinix ropa export --format csv`` writes."""
    return await _ropa_download(services, viewer, RopaFormat.CSV)


async def _ropa_download(services: Services, viewer: Viewer, fmt: RopaFormat) -> Response:
    document = await run_in_threadpool(_ropa_document, services, viewer, fmt)
    return Response(
        document,
        media_type=_MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="ropa-{viewer.workspace}.{fmt.value}"'
        },
    )


def _verify(services: Services, viewer: Viewer) -> Verification:
    """Verify on a connection of its own, outside the ledger's write lock (a long chain does
    not hold up the webhooks); record the check only when the chain verified, so a broken
    chain is left exactly as it was found."""
    database = services.store.database
    with database.session() as session:
        workspace_id = get_workspace(session, viewer.workspace).id
    with database.engine.connect() as connection:
        result = verify_or_alert(connection, workspace_id, services.alerts)
    if result.ok:
        with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
            ledger.audit.append(
                "console.audit_verified", viewer.actor, "audit", {"entries": result.verified}
            )
    return result


def _ropa_document(services: Services, viewer: Viewer, fmt: RopaFormat) -> str:
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        rows = build_ropa(ledger.scope.session, workspace_of(ledger), ledger.catalogue)
        ledger.audit.append(
            "console.ropa_downloaded",
            viewer.actor,
            "ropa",
            {"format": fmt.value, "purposes": len(rows)},
        )
        return ropa_document(rows, fmt)


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
