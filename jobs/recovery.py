"""Finding work that a lost job or a dead worker left behind.

Huey drops a task whose worker dies, and a webhook may store a message while the queue is
down; the database still has every message, so this sweep reads it and queues the work again:
open inbound messages whose conversation no live worker holds, replies queued but never
claimed, and replies a worker claimed and never finished (marked ``unknown`` rather than sent
again: WhatsApp has no idempotency key, so a second send could reach the prospect twice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from guardrails.alerts import AlertSink, SecurityEvent, SecurityEventKind
from store.ledger import Ledgers
from store.models import utcnow
from store.outbox import Delivery

# A message younger than this is still in its webhook's hands (stored, job not yet queued).
RECEIVED_GRACE = timedelta(seconds=5)
# A queued reply whose send job has not claimed it in this long lost its job.
QUEUED_GRACE = timedelta(seconds=60)
UNCERTAIN_REASON = "worker_stopped_mid_send"


@dataclass(frozen=True)
class SweepResult:
    """What one sweep queued again or marked."""

    answers: int = 0
    sends: int = 0
    uncertain: int = 0


def sweep(
    ledgers: Ledgers,
    lease_seconds: float,
    enqueue_answer: Callable[[str, str], None],
    enqueue_send: Callable[[str, str], None],
    alerts: AlertSink,
) -> SweepResult:
    """Queue again every piece of stalled work in every workspace."""
    slugs = ledgers.workspace_slugs()
    answers = sends = uncertain = 0
    now = utcnow()
    for slug in slugs:
        with ledgers.open(slug, "recovery") as ledger:
            stalled = ledger.inbox.stalled(now - RECEIVED_GRACE, now)
            queued = ledger.outbox.queued(now - QUEUED_GRACE)
            stuck = ledger.outbox.stuck_sending(now - timedelta(seconds=lease_seconds))
            for message in stuck:
                ledger.outbox.fail(message, UNCERTAIN_REASON, Delivery.UNKNOWN)
                ledger.audit.append("delivery.uncertain", "recovery", message.id)
        for _conversation_id, message_id in stalled:
            enqueue_answer(slug, message_id)
        for message_id in queued:
            enqueue_send(slug, message_id)
        if stuck:
            alerts.raise_alert(
                SecurityEvent(SecurityEventKind.DELIVERY_UNCERTAIN, slug, {"count": len(stuck)})
            )
        answers += len(stalled)
        sends += len(queued)
        uncertain += len(stuck)
    return SweepResult(answers, sends, uncertain)
