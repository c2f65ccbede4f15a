"""Outbound messages and their delivery: drafts for review, the send queue, and what the channel
said happened.

``draft`` (a rep reviews it) → ``queued`` → ``sending`` → ``sent`` → ``delivered`` → ``read``;
or ``rejected`` by a rep, ``failed`` for good (with a reason code), or ``unknown`` when a worker
died mid-send: the channel may or may not have it, and sending again could duplicate it, so a
rep decides. Moving to ``sending`` is a compare-and-set, so one reply is sent at most once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update

from store.errors import InvalidInput
from store.models import Message, utcnow
from store.scope import Scope


class Delivery(StrEnum):
    """Where an outbound message is on its way to the prospect."""

    DRAFT = "draft"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    REJECTED = "rejected"
    UNKNOWN = "unknown"


# The channel's receipts only move forward: a late "sent" never undoes "read".
_RECEIPT_RANK = {Delivery.SENT: 1, Delivery.DELIVERED: 2, Delivery.READ: 3}


class Outbox:
    """The outbound messages of one workspace."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def get(self, message_id: str) -> Message:
        """The outbound message, if it belongs to this workspace; NotFound otherwise."""
        message = self._scope.owned(Message, message_id, "message")
        if message.direction != "outbound":
            raise InvalidInput(f"message {message_id} is not an outbound message")
        return message

    def hold(self, message: Message, delivery: Delivery, reason: str | None = None) -> None:
        """Set a new reply's first state: a draft for review, or queued to send."""
        self._set(message, delivery, reason)

    def claim(self, message_id: str) -> bool:
        """Take a queued message for sending; False when another worker took it or it is not
        queued (sent already, rejected, a draft). Commit before sending."""
        result = self._scope.session.execute(
            update(Message)
            .where(
                Message.id == message_id,
                Message.workspace_id == self._scope.workspace_id,
                Message.delivery == Delivery.QUEUED,
            )
            .values(delivery=Delivery.SENDING, delivery_at=utcnow(), delivery_error=None)
        )
        return bool(getattr(result, "rowcount", 0))

    def sent(self, message: Message, channel_message_id: str) -> None:
        """The channel accepted the message and gave it this id (its receipts will cite it)."""
        message.channel_message_id = channel_message_id
        self._set(message, Delivery.SENT)

    def fail(self, message: Message, reason: str, delivery: Delivery = Delivery.FAILED) -> None:
        """The message did not go (``failed``) or may not have (``unknown``); ``reason`` is a
        short code a rep can act on, shown with the message."""
        self._set(message, delivery, reason)

    def receipt(self, channel_message_id: str, status: str, error: str | None = None) -> bool:
        """Apply the channel's status update for one of our messages; False when the id is not
        ours (a message sent from another tool) or the status is not one we track."""
        message = self._scope.session.scalars(
            select(Message).where(
                Message.workspace_id == self._scope.workspace_id,
                Message.channel_message_id == channel_message_id,
                Message.direction == "outbound",
            )
        ).first()
        if message is None:
            return False
        if status == Delivery.FAILED:
            self._set(message, Delivery.FAILED, error or "channel_failed")
            return True
        if status not in _RECEIPT_RANK:
            return False
        new = Delivery(status)
        current = _RECEIPT_RANK.get(Delivery(message.delivery or Delivery.SENT), 0)
        if _RECEIPT_RANK[new] > current:
            self._set(message, new)
        return True

    def waits_behind(self, message: Message) -> bool:
        """Whether an earlier message of the same conversation is still queued or being sent:
        replies go out in the order they were written, even when two workers pick up their
        send jobs in the other order."""
        earlier = self._scope.session.scalars(
            select(Message.id)
            .where(
                Message.workspace_id == self._scope.workspace_id,
                Message.conversation_id == message.conversation_id,
                Message.direction == "outbound",
                Message.id != message.id,
                Message.created_at < message.created_at,
                Message.delivery.in_((Delivery.QUEUED, Delivery.SENDING)),
            )
            .limit(1)
        ).first()
        return earlier is not None

    def drafts(self) -> list[Message]:
        """Replies waiting for a rep, oldest first."""
        return list(
            self._scope.session.scalars(
                select(Message)
                .where(
                    Message.workspace_id == self._scope.workspace_id,
                    Message.direction == "outbound",
                    Message.delivery == Delivery.DRAFT,
                )
                .order_by(Message.created_at)
            )
        )

    def in_state(self, delivery: Delivery, limit: int = 200) -> list[Message]:
        """Outbound messages in one delivery state, newest first (failures for a rep to see)."""
        return list(
            self._scope.session.scalars(
                select(Message)
                .where(
                    Message.workspace_id == self._scope.workspace_id,
                    Message.direction == "outbound",
                    Message.delivery == delivery,
                )
                .order_by(Message.delivery_at.desc())
                .limit(limit)
            )
        )

    def stuck_sending(self, claimed_before: datetime) -> list[Message]:
        """Messages a worker took for sending and never finished: it died mid-send."""
        return list(
            self._scope.session.scalars(
                select(Message).where(
                    Message.workspace_id == self._scope.workspace_id,
                    Message.delivery == Delivery.SENDING,
                    Message.delivery_at < claimed_before,
                )
            )
        )

    def queued(self, queued_before: datetime) -> list[str]:
        """Ids of messages queued to send before ``queued_before`` and still waiting: their job
        was lost (the queue was down), so the recovery sweep queues them again."""
        return list(
            self._scope.session.scalars(
                select(Message.id).where(
                    Message.workspace_id == self._scope.workspace_id,
                    Message.delivery == Delivery.QUEUED,
                    Message.delivery_at < queued_before,
                )
            )
        )

    def _set(self, message: Message, delivery: Delivery, reason: str | None = None) -> None:
        message.delivery = delivery
        message.delivery_error = reason
        message.delivery_at = utcnow()
