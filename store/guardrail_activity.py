"""What the guardrail did, day by day, for the admin's dashboard: entities pseudonymised per
entity type (from the processing records' redaction counts) and model calls blocked at the
wire (``egress.blocked`` audit entries). Counts only, scoped to one workspace, days in UTC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from guardrails.alerts import SecurityEventKind
from store.models import AuditEntry, ProcessingRecord, as_utc

_DAY_PREFIX = len("YYYY-MM-DD")


@dataclass(frozen=True)
class GuardrailActivity:
    """One count per day of ``days`` (oldest first): ``pseudonymised[type][i]`` entities of
    that type on ``days[i]``, ``blocked[i]`` egress attempts blocked that day."""

    days: tuple[date, ...]
    pseudonymised: dict[str, tuple[int, ...]]
    blocked: tuple[int, ...]


def last_days(today: date, count: int) -> tuple[date, ...]:
    """The ``count`` days ending with ``today``, oldest first."""
    return tuple(today - timedelta(days=back) for back in range(count - 1, -1, -1))


def guardrail_activity(
    session: Session, workspace_id: str, days: tuple[date, ...]
) -> GuardrailActivity:
    """The workspace's guardrail activity on each of ``days`` (consecutive, oldest first)."""
    since = datetime.combine(days[0], datetime.min.time(), tzinfo=UTC)
    index = {day: position for position, day in enumerate(days)}
    per_type = _pseudonymised(session, workspace_id, since)
    pseudonymised = {
        kind: tuple(counts.get(day, 0) for day in days) for kind, counts in sorted(per_type.items())
    }
    blocked = [0] * len(days)
    for day, count in _blocked(session, workspace_id, since).items():
        if day in index:
            blocked[index[day]] = count
    return GuardrailActivity(days, pseudonymised, tuple(blocked))


def _pseudonymised(
    session: Session, workspace_id: str, since: datetime
) -> dict[str, Counter[date]]:
    """Entity counts per type per day. The records' count documents are summed here, not in
    SQL: a JSON column cannot be grouped on PostgreSQL, and expanding a JSON object into rows
    is spelled differently there and on SQLite. Only two columns of the window's records are
    read."""
    recent = select(ProcessingRecord.created_at, ProcessingRecord.redaction_counts).where(
        ProcessingRecord.workspace_id == workspace_id, ProcessingRecord.created_at >= since
    )
    per_type: dict[str, Counter[date]] = {}
    for created_at, counts in session.execute(recent):
        on = as_utc(created_at).date()
        for kind, count in (counts or {}).items():
            per_type.setdefault(kind, Counter())[on] += int(count)
    return per_type


def _blocked(session: Session, workspace_id: str, since: datetime) -> dict[date, int]:
    """Blocked egress attempts per day, counted in SQL: audit times are ISO-8601 text, so the
    day is their first ten characters on either database."""
    day = func.substr(AuditEntry.created_at, 1, _DAY_PREFIX)
    grouped = (
        select(day, func.count())
        .where(
            AuditEntry.workspace_id == workspace_id,
            AuditEntry.action == SecurityEventKind.EGRESS_BLOCKED.value,
            AuditEntry.created_at >= since.strftime("%Y-%m-%d"),
        )
        .group_by(day)
    )
    return {date.fromisoformat(on): int(count) for on, count in session.execute(grouped)}
