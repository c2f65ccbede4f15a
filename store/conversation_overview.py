"""The inbox's list of conversations: one row per conversation with what a rep sorts and
filters by (latest activity, drafts waiting, lead priority), filtered in SQL and scoped to one
workspace.

Rows hold no plaintext: the contact's name stays ciphertext until the caller decrypts it, so
:func:`overview_marker` can tell whether anything changed without decrypting (a live inbox
polls every few seconds; an unchanged answer decrypts nothing and audits nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from store.models import Contact, Conversation, Lead, Message, as_utc
from store.outbox import Delivery

# Enough for a rep's screen; older conversations are reached through filters.
OVERVIEW_LIMIT = 200


class InboxView(StrEnum):
    """The inbox's filters by what a conversation needs."""

    ALL = "all"
    REVIEW = "review"  # drafts waiting for a rep
    HOT = "hot"  # the lead's priority is hot
    HANDED_OFF = "handed_off"  # the AI stopped and a rep should answer
    TAKEN_OVER = "taken_over"  # a rep is answering


@dataclass(frozen=True)
class OverviewFilter:
    """Which conversations the inbox lists: a view and, optionally, one channel."""

    view: InboxView = InboxView.ALL
    channel: str | None = None


@dataclass(frozen=True)
class OverviewRow:
    """One conversation as the inbox lists it; ``name_ct`` is the contact's encrypted name."""

    conversation_id: str
    contact_id: str
    name_ct: bytes | None
    channel: str
    status: str
    handoff_reason: str | None
    last_message_at: datetime | None
    drafts: int
    score: int | None
    priority: str | None


def conversation_overview(
    session: Session, workspace_id: str, wanted: OverviewFilter, limit: int = OVERVIEW_LIMIT
) -> list[OverviewRow]:
    """The workspace's conversations matching ``wanted``, latest activity first."""
    activity = (
        select(
            Message.conversation_id.label("conversation_id"),
            func.max(Message.created_at).label("last_at"),
            func.sum(case((Message.delivery == Delivery.DRAFT, 1), else_=0)).label("drafts"),
        )
        .where(Message.workspace_id == workspace_id)
        .group_by(Message.conversation_id)
        .subquery()
    )
    drafts = func.coalesce(activity.c.drafts, 0)
    latest = func.coalesce(activity.c.last_at, Conversation.created_at)
    query = (
        select(
            Conversation.id,
            Conversation.contact_id,
            Contact.name_ct,
            Conversation.channel,
            Conversation.status,
            Conversation.handoff_reason,
            activity.c.last_at,
            drafts,
            Lead.score,
            Lead.priority,
        )
        .join(Contact, Contact.id == Conversation.contact_id)
        .outerjoin(activity, activity.c.conversation_id == Conversation.id)
        .outerjoin(
            Lead, (Lead.conversation_id == Conversation.id) & (Lead.workspace_id == workspace_id)
        )
        .where(Conversation.workspace_id == workspace_id, Contact.workspace_id == workspace_id)
    )
    if wanted.view is InboxView.REVIEW:
        query = query.where(drafts > 0)
    elif wanted.view is InboxView.HOT:
        query = query.where(Lead.priority == "hot")
    elif wanted.view in (InboxView.HANDED_OFF, InboxView.TAKEN_OVER):
        query = query.where(Conversation.status == wanted.view.value)
    if wanted.channel is not None:
        query = query.where(Conversation.channel == wanted.channel)
    query = query.order_by(latest.desc(), Conversation.id).limit(limit)
    return [
        OverviewRow(
            conversation_id=row[0],
            contact_id=row[1],
            name_ct=row[2],
            channel=row[3],
            status=row[4],
            handoff_reason=row[5],
            last_message_at=as_utc(row[6]) if row[6] is not None else None,
            drafts=int(row[7]),
            score=row[8],
            priority=row[9],
        )
        for row in session.execute(query)
    ]


def overview_marker(rows: list[OverviewRow]) -> str:
    """A digest of everything the rows show, computed from ciphertext and codes alone: equal
    markers mean the inbox looks the same, so there is nothing to decrypt or send again."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(
            repr(
                (
                    row.conversation_id,
                    hashlib.sha256(row.name_ct or b"").hexdigest(),
                    row.channel,
                    row.status,
                    row.handoff_reason,
                    row.last_message_at.isoformat() if row.last_message_at else None,
                    row.drafts,
                    row.score,
                    row.priority,
                )
            ).encode()
        )
    return digest.hexdigest()[:32]
