"""The admin's dashboard, as charts: the store's counts (``store.pipeline_counts``,
``store.guardrail_activity``) given labels, colours and the shape :mod:`api.console.charts`
draws.

Everything on it is a count or a time: no names, no message text, no identifiers, so opening
it shows no personal data and needs no audit entry of its own (unlike the inbox or a
conversation, whose every view that shows personal data is audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from api.console.charts import SERIES_TONES, Bar, Chart, Series, bar_chart, stacked_columns
from store.guardrail_activity import GuardrailActivity, guardrail_activity, last_days
from store.pipeline_counts import (
    PRIORITIES,
    UNSCORED,
    ReviewQueue,
    Stage,
    pipeline,
    review_queue,
)

DAYS = 14
_PRIORITY_TONES = {"hot": "tone-hot", "warm": "tone-warm", "cold": "tone-cold"}
_STAGE_LABELS = {
    Stage.NEW: "New",
    Stage.QUALIFYING: "Qualifying",
    Stage.QUALIFIED: "Qualified",
    Stage.HANDED_OFF: "Handed off",
    Stage.TAKEN_OVER: "Taken over",
}
_DAY_TITLE = "Day (UTC)"


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard page shows."""

    conversations: int
    review: ReviewQueue
    waiting: str | None  # how long the oldest draft has waited, in words
    pseudonymised_total: int
    blocked_total: int
    charts: tuple[Chart, ...]


def build_dashboard(session: Session, workspace_id: str, now: datetime) -> Dashboard:
    """The workspace's dashboard at ``now`` (the last :data:`DAYS` days end today, UTC)."""
    counts = pipeline(session, workspace_id)
    queue = review_queue(session, workspace_id)
    activity = guardrail_activity(session, workspace_id, last_days(now.date(), DAYS))
    priority = bar_chart(
        "Leads by priority",
        [
            *(Bar(p.capitalize(), counts.by_priority[p], _PRIORITY_TONES[p]) for p in PRIORITIES),
            Bar("Unscored", counts.by_priority[UNSCORED], "tone-none"),
        ],
        "Conversations",
    )
    stage = bar_chart(
        "Leads by stage",
        [Bar(label, counts.by_stage[s], "tone-accent") for s, label in _STAGE_LABELS.items()],
        "Conversations",
    )
    return Dashboard(
        conversations=sum(counts.by_stage.values()),
        review=queue,
        waiting=waited(now - queue.oldest) if queue.oldest is not None else None,
        pseudonymised_total=sum(sum(values) for values in activity.pseudonymised.values()),
        blocked_total=sum(activity.blocked),
        charts=(priority, stage, *_guardrail_charts(activity)),
    )


def _guardrail_charts(activity: GuardrailActivity) -> tuple[Chart, Chart]:
    days = [day.strftime("%d %b") for day in activity.days]
    pseudonymised = stacked_columns(
        f"Entities pseudonymised per day, last {DAYS} days",
        days,
        [
            Series(kind, values, SERIES_TONES[n % len(SERIES_TONES)])
            for n, (kind, values) in enumerate(activity.pseudonymised.items())
        ],
        "Entities",
        _DAY_TITLE,
    )
    blocked = stacked_columns(
        f"Blocked egress attempts per day, last {DAYS} days",
        days,
        [Series("Blocked", activity.blocked, "tone-bad")],
        "Attempts",
        _DAY_TITLE,
    )
    return pseudonymised, blocked


def waited(delta: timedelta) -> str:
    """A wait in words, as precise as it is useful: minutes, then hours, then days."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // (24 * 60)} days"
