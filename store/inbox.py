"""Inbound channel messages as the source of truth for their own processing.

A webhook stores the message first (``received``), then a worker moves it through
``processing`` to ``answered`` (a reply exists), ``skipped`` (nothing to answer: a reaction) or
``failed`` (given up after repeated errors; a rep sees it). A message a dead worker left in
``received`` or ``processing`` is found again by :meth:`Inbox.stalled`, so nothing is lost.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from store.conversations import Conversations
from store.models import Conversation, Message, as_utc
from store.scope import Scope


class InboundState(StrEnum):
    """Where an inbound message is in its processing."""

    RECEIVED = "received"
    PROCESSING = "processing"
    ANSWERED = "answered"
    SKIPPED = "skipped"
    FAILED = "failed"


OPEN_STATES = (InboundState.RECEIVED, InboundState.PROCESSING)


class Inbox:
    """The inbound messages of one workspace."""

    def __init__(self, scope: Scope, conversations: Conversations) -> None:
        self._scope = scope
        self._conversations = conversations

    def receive(
        self,
        conversation: Conversation,
        body: str,
        channel_message_id: str,
        content_kind: str = "text",
        meta: dict[str, Any] | None = None,
    ) -> Message | None:
        """Store an inbound channel message once. None when the channel's id is stored already:
        the channel redelivered it, or a concurrent delivery won the race."""
        if self._find(channel_message_id) is not None:
            return None
        try:
            with self._scope.session.begin_nested():
                return self._conversations.add_message(
                    conversation,
                    "inbound",
                    body,
                    channel_message_id=channel_message_id,
                    content_kind=content_kind,
                    meta=meta,
                    state=InboundState.RECEIVED,
                )
        except IntegrityError:
            return None

    def _find(self, channel_message_id: str) -> Message | None:
        return self._scope.session.scalars(
            select(Message).where(
                Message.workspace_id == self._scope.workspace_id,
                Message.channel_message_id == channel_message_id,
            )
        ).first()

    def get(self, message_id: str) -> Message:
        """The inbound message, if it belongs to this workspace; NotFound otherwise."""
        return self._scope.owned(Message, message_id, "message")

    def next_open(self, conversation_id: str) -> Message | None:
        """The conversation's oldest inbound message not yet handled: messages are answered in
        the order they arrived."""
        return self._scope.session.scalars(
            select(Message)
            .where(
                Message.workspace_id == self._scope.workspace_id,
                Message.conversation_id == conversation_id,
                Message.direction == "inbound",
                Message.state.in_(OPEN_STATES),
            )
            .order_by(Message.created_at, Message.id)
            .limit(1)
        ).first()

    def latest(self, conversation_id: str) -> Message | None:
        """The prospect's most recent message in the conversation (a follow-up threads on it)."""
        return self._scope.session.scalars(
            select(Message)
            .where(
                Message.workspace_id == self._scope.workspace_id,
                Message.conversation_id == conversation_id,
                Message.direction == "inbound",
            )
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(1)
        ).first()

    def last_received_at(self, conversation_id: str) -> datetime | None:
        """When the prospect last wrote in this conversation (the channel's service window
        counts from it)."""
        latest = self.latest(conversation_id)
        return as_utc(latest.created_at) if latest is not None else None

    def start(self, message: Message) -> None:
        """A worker takes the message; the attempt is counted, so a message that keeps killing
        its worker is given up on rather than retried forever."""
        message.state = InboundState.PROCESSING
        message.attempts = (message.attempts or 0) + 1

    def finish(self, message: Message, state: InboundState) -> None:
        """The message is answered, skipped or given up on."""
        message.state = state

    def stalled(self, received_before: datetime, now: datetime) -> list[tuple[str, str]]:
        """(conversation id, oldest open message id) of every conversation with an open
        message older than ``received_before`` that no live worker holds."""
        oldest = (
            select(Message.conversation_id, func.min(Message.created_at).label("first"))
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(
                Message.workspace_id == self._scope.workspace_id,
                Message.direction == "inbound",
                Message.state.in_(OPEN_STATES),
                Message.created_at < received_before,
                or_(Conversation.lease_until.is_(None), Conversation.lease_until < now),
            )
            .group_by(Message.conversation_id)
            .subquery()
        )
        rows = self._scope.session.execute(
            select(Message.conversation_id, Message.id)
            .join(
                oldest,
                (oldest.c.conversation_id == Message.conversation_id)
                & (oldest.c.first == Message.created_at),
            )
            .where(Message.direction == "inbound", Message.state.in_(OPEN_STATES))
        )
        return [(conversation_id, message_id) for conversation_id, message_id in rows]
