"""How many conversations sit at each lead priority and each sales stage, and how many
replies wait for review: counts for the admin's dashboard, aggregated in SQL and scoped to one
workspace. Nothing here decrypts: the counts come from codes kept in the clear (conversation
status, lead priority, delivery state).

A conversation's stage follows from its status and its lead's priority (the facts themselves
are encrypted, and the priority is the score computed from them):

- **new**: the AI is answering and no facts were recorded yet (no priority);
- **qualifying**: the AI is answering and the lead scored warm or cold so far;
- **qualified**: the AI is answering and the lead scored hot;
- **handed off**: the AI stopped and a rep should answer;
- **taken over**: a rep is answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Conversation, Lead, Message, as_utc
from store.outbox import Delivery

PRIORITIES = ("hot", "warm", "cold")
UNSCORED = "unscored"


class Stage(StrEnum):
    """Where a conversation is on the way from first message to a rep (see the module)."""

    NEW = "new"
    QUALIFYING = "qualifying"
    QUALIFIED = "qualified"
    HANDED_OFF = "handed_off"
    TAKEN_OVER = "taken_over"


def stage_of(status: str, priority: str | None) -> Stage:
    """The stage of a conversation with ``status`` whose lead has ``priority``."""
    if status == "handed_off":
        return Stage.HANDED_OFF
    if status == "taken_over":
        return Stage.TAKEN_OVER
    if priority is None:
        return Stage.NEW
    return Stage.QUALIFIED if priority == "hot" else Stage.QUALIFYING


@dataclass(frozen=True)
class Pipeline:
    """Conversations counted by lead priority (``PRIORITIES`` and ``UNSCORED``) and by stage;
    every key is present, zero when nothing is there."""

    by_priority: dict[str, int]
    by_stage: dict[Stage, int]


@dataclass(frozen=True)
class ReviewQueue:
    """Replies waiting for a rep: how many, and when the oldest was drafted."""

    drafts: int
    oldest: datetime | None


def pipeline(session: Session, workspace_id: str) -> Pipeline:
    """The workspace's conversations by priority and by stage, from one grouped query."""
    by_priority = dict.fromkeys((*PRIORITIES, UNSCORED), 0)
    by_stage = dict.fromkeys(Stage, 0)
    grouped = (
        select(Conversation.status, Lead.priority, func.count())
        .outerjoin(
            Lead, (Lead.conversation_id == Conversation.id) & (Lead.workspace_id == workspace_id)
        )
        .where(Conversation.workspace_id == workspace_id)
        .group_by(Conversation.status, Lead.priority)
    )
    for status, stored_priority, count in session.execute(grouped):
        priority = stored_priority if stored_priority in PRIORITIES else None
        by_priority[priority or UNSCORED] += count
        by_stage[stage_of(status, priority)] += count
    return Pipeline(by_priority, by_stage)


def review_queue(session: Session, workspace_id: str) -> ReviewQueue:
    """The workspace's drafts waiting for review."""
    count, oldest = session.execute(
        select(func.count(), func.min(Message.created_at)).where(
            Message.workspace_id == workspace_id,
            Message.direction == "outbound",
            Message.delivery == Delivery.DRAFT,
        )
    ).one()
    return ReviewQueue(int(count), as_utc(oldest) if oldest is not None else None)
