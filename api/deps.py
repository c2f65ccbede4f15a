"""Dependencies the routes declare: the process's services and the admin token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.admin_guard import ALERT_AFTER_FAILURES, TokenCheck
from api.security_events import record_security_event
from api.services import Services
from guardrails.alerts import SecurityEventKind

_bearer = HTTPBearer(auto_error=False, description="ASPINIX_ADMIN_TOKEN")


def get_services(request: Request) -> Services:
    """The services built at start-up."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def require_admin(
    request: Request,
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The caller presented ASPINIX_ADMIN_TOKEN as a bearer token; returns the audit actor."""
    client = request.client.host if request.client else "unknown"
    presented = credentials.credentials if credentials is not None else None
    outcome = services.admin_guard.check(presented, client)
    if outcome is TokenCheck.ALLOWED:
        return "admin-token"
    if outcome is TokenCheck.NOT_CONFIGURED:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the admin API is off: set ASPINIX_ADMIN_TOKEN to use it",
        )
    if outcome is TokenCheck.LOCKED_OUT:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, "too many failed attempts; try again later"
        )
    if services.admin_guard.failures(client) == ALERT_AFTER_FAILURES:
        await run_in_threadpool(
            record_security_event,
            services,
            SecurityEventKind.ADMIN_TOKEN_REJECTED,
            {"failures": ALERT_AFTER_FAILURES},
        )
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "a valid admin token is required (Authorization: Bearer <ASPINIX_ADMIN_TOKEN>)",
        headers={"WWW-Authenticate": "Bearer"},
    )


AdminDep = Annotated[str, Depends(require_admin)]
ADMIN_REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no valid admin token"},
    429: {"description": "too many failed attempts from this client; try again later"},
    503: {"description": "the admin API is off: ASPINIX_ADMIN_TOKEN is not set"},
}
"""``require_admin``'s answers, for the OpenAPI document of every route that depends on it."""
