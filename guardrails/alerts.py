"""Security events and where they go. The guardrail layer names the events; the process that
runs it (the service, a worker, a command) decides how to raise the alarm.

An event carries codes and counts only, never personal data or message text, so it can leave
the system (a chat-ops webhook, a pager) without becoming a leak of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class SecurityEventKind(StrEnum):
    """What happened."""

    WEBHOOK_UNSIGNED = "webhook.unsigned"
    WEBHOOK_FORGED = "webhook.forged"
    EGRESS_BLOCKED = "egress.blocked"
    AUDIT_VERIFICATION_FAILED = "audit.verification_failed"
    ADMIN_TOKEN_REJECTED = "admin_token.rejected"
    MESSAGE_FAILED = "message.failed"
    DELIVERY_UNCERTAIN = "delivery.uncertain"
    MAILBOX_REVOKED = "mailbox.revoked"  # Google refused a connected mailbox's token
    CONSOLE_ACCOUNT_LOCKED = "console.account_locked"  # repeated failed sign-ins


@dataclass(frozen=True)
class SecurityEvent:
    """One event: its kind, the workspace, and details that are codes and counts only."""

    kind: SecurityEventKind
    workspace: str
    details: Mapping[str, str | int | list[str]] = field(default_factory=dict)


class AlertSink(Protocol):
    """Somewhere security events are raised."""

    def raise_alert(self, event: SecurityEvent) -> None:
        """Raise the alarm for ``event``; never blocks the caller for long, never raises."""
