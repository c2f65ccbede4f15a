"""Conversations and their messages; message bodies are encrypted."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from store.errors import InvalidInput
from store.models import Conversation, Message, new_id
from store.scope import Scope

BODY_COLUMN = "messages.body"
EGRESS_COLUMN = "messages.egress"
META_COLUMN = "messages.meta"
DIRECTIONS = ("inbound", "outbound")
AUTHORS = ("prospect", "ai", "playbook", "rep", "system")
STATUSES = ("ai", "handed_off", "taken_over")


class Conversations:
    """The conversations of one workspace."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def open(self, contact_id: str, channel: str) -> Conversation:
        """The contact's conversation on ``channel``, started when there is none."""
        existing = self._scope.session.scalars(
            select(Conversation)
            .where(
                Conversation.workspace_id == self._scope.workspace_id,
                Conversation.contact_id == contact_id,
                Conversation.channel == channel,
            )
            .order_by(Conversation.created_at.desc())
            .limit(1)
        ).first()
        if existing is not None:
            return existing
        conversation = Conversation(
            id=new_id(),
            workspace_id=self._scope.workspace_id,
            contact_id=contact_id,
            channel=channel,
        )
        self._scope.session.add(conversation)
        self._scope.session.flush()  # rows referring to it may follow in this unit of work
        return conversation

    def channels_of(self, contact_id: str) -> list[str]:
        """The channels the contact has written on (a lead's channels, linked or not)."""
        return sorted(
            set(
                self._scope.session.scalars(
                    select(Conversation.channel).where(
                        Conversation.workspace_id == self._scope.workspace_id,
                        Conversation.contact_id == contact_id,
                    )
                )
            )
        )

    def get(self, conversation_id: str) -> Conversation:
        """The conversation, if it belongs to this workspace; NotFound otherwise."""
        return self._scope.owned(Conversation, conversation_id, "conversation")

    def add_message(
        self,
        conversation: Conversation,
        direction: str,
        body: str,
        channel_message_id: str | None = None,
        author: str | None = None,
        *,
        reply_to: Message | None = None,
        content_kind: str = "text",
        meta: dict[str, Any] | None = None,
        state: str | None = None,
    ) -> Message:
        """Store a message, its body (and channel details) encrypted. ``author`` defaults to the
        prospect for inbound messages and to the AI for outbound ones; ``reply_to`` is the
        inbound message an outbound one answers (one reply each: the column is unique)."""
        if direction not in DIRECTIONS:
            raise InvalidInput(f"direction must be one of {', '.join(DIRECTIONS)}")
        author = author or ("prospect" if direction == "inbound" else "ai")
        if author not in AUTHORS:
            raise InvalidInput(f"author must be one of {', '.join(AUTHORS)}")
        message = Message(
            id=new_id(),
            workspace_id=self._scope.workspace_id,
            conversation_id=conversation.id,
            direction=direction,
            author=author,
            channel_message_id=channel_message_id,
            body_ct=self._scope.keys.cipher.encrypt(body, BODY_COLUMN),
            reply_to_id=reply_to.id if reply_to is not None else None,
            content_kind=content_kind,
            meta_ct=(
                self._scope.keys.cipher.encrypt(json.dumps(meta), META_COLUMN) if meta else None
            ),
            state=state,
            attempts=0,
        )
        self._scope.session.add(message)
        self._scope.session.flush()  # a consent record may cite it as evidence
        return message

    def body(self, message: Message) -> str:
        """A message's decrypted body."""
        return self._scope.keys.cipher.decrypt(message.body_ct, BODY_COLUMN)

    def set_body(self, message: Message, body: str) -> None:
        """Replace a message's body (a rep edited a draft), encrypted like the original."""
        message.body_ct = self._scope.keys.cipher.encrypt(body, BODY_COLUMN)

    def meta(self, message: Message) -> dict[str, Any]:
        """A message's channel details (media reference, the message reacted to), decrypted."""
        if message.meta_ct is None:
            return {}
        details: dict[str, Any] = json.loads(
            self._scope.keys.cipher.decrypt(message.meta_ct, META_COLUMN)
        )
        return details

    def egress(self, message: Message) -> str | None:
        """What the AI provider was sent of this message (pseudonymised), if it was sent."""
        if message.egress_ct is None:
            return None
        return self._scope.keys.cipher.decrypt(message.egress_ct, EGRESS_COLUMN)

    def set_egress(self, message: Message, text: str) -> None:
        """Keep the pseudonymised form the provider saw, encrypted like the body."""
        message.egress_ct = self._scope.keys.cipher.encrypt(text, EGRESS_COLUMN)

    def set_status(
        self, conversation: Conversation, status: str, reason: str | None = None
    ) -> None:
        """Move the conversation between the AI, a hand-off waiting for a rep, and a rep's
        take-over; ``reason`` is a short code, never free text."""
        if status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
        conversation.status = status
        conversation.handoff_reason = reason if status == "handed_off" else None

    def messages(self, conversation: Conversation) -> list[Message]:
        """The conversation's messages, oldest first."""
        return list(
            self._scope.session.scalars(
                select(Message)
                .where(
                    Message.workspace_id == self._scope.workspace_id,
                    Message.conversation_id == conversation.id,
                )
                .order_by(Message.created_at)
            )
        )
