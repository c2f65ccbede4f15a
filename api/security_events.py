"""Recording a security event: an audit entry in the workspace's chain, then an alert."""

from __future__ import annotations

from collections.abc import Mapping

from api.services import Services
from guardrails.alerts import SecurityEvent, SecurityEventKind


def record_security_event(
    services: Services,
    kind: SecurityEventKind,
    details: Mapping[str, str | int | list[str]] | None = None,
) -> None:
    """Audit ``kind`` (codes and counts only) and raise the alert."""
    workspace = services.settings.workspace
    event = SecurityEvent(kind, workspace, dict(details or {}))
    with services.ledgers.open(workspace, "api") as ledger:
        ledger.audit.append(kind.value, "api", "security", dict(event.details))
    services.alerts.raise_alert(event)
