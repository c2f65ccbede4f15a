"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.deps import ServicesDep
from jobs.backend import check_queue
from jobs.errors import QueueUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """200 once the process takes traffic (it answers only after start-up finished)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "the database or the queue is down"}})
async def readyz(services: ServicesDep) -> JSONResponse:
    """200 when the database and the queue answer; 503 naming the one that does not."""
    checks = await run_in_threadpool(_checks, services)
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=status.HTTP_200_OK if ready else status.HTTP_503_SERVICE_UNAVAILABLE,
    )


def _checks(services: ServicesDep) -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        with services.store.database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        check_queue(services.queue.huey)
        checks["queue"] = "ok"
    except QueueUnavailable as exc:
        checks["queue"] = str(exc)
    return checks
