"""A conversation's lead: the facts the agent recorded (encrypted) and the score code computed.

The store keeps facts as JSON documents it does not interpret; ``agent`` owns their shape, so
the dependency points one way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from store.models import Conversation, Lead, new_id, utcnow
from store.scope import Scope

FACTS_COLUMN = "leads.facts"
FOLLOW_UP_COLUMN = "leads.follow_up"


@dataclass(frozen=True)
class LeadView:
    """A lead as the agent and the console read it, decrypted."""

    conversation_id: str
    facts: dict[str, Any]
    follow_up: dict[str, Any] | None
    score: int | None
    priority: str | None
    reasons: tuple[str, ...]


class Leads:
    """The leads of one workspace, one per conversation."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def _row(self, conversation_id: str) -> Lead | None:
        return self._scope.session.scalars(
            select(Lead).where(
                Lead.workspace_id == self._scope.workspace_id,
                Lead.conversation_id == conversation_id,
            )
        ).first()

    def _row_for_update(self, conversation: Conversation) -> Lead:
        lead = self._row(conversation.id)
        if lead is None:
            lead = Lead(
                id=new_id(),
                workspace_id=self._scope.workspace_id,
                conversation_id=conversation.id,
                contact_id=conversation.contact_id,
                reasons=[],
            )
            self._scope.session.add(lead)
        lead.updated_at = utcnow()
        return lead

    def get(self, conversation: Conversation) -> LeadView:
        """The conversation's lead; an empty one when nothing was recorded yet."""
        lead = self._row(conversation.id)
        if lead is None:
            return LeadView(conversation.id, {}, None, None, None, ())
        return LeadView(
            conversation_id=conversation.id,
            facts=self._decrypt(lead.facts_ct, FACTS_COLUMN) or {},
            follow_up=self._decrypt(lead.follow_up_ct, FOLLOW_UP_COLUMN),
            score=lead.score,
            priority=lead.priority,
            reasons=tuple(lead.reasons),
        )

    def save_facts(
        self,
        conversation: Conversation,
        facts: dict[str, Any],
        score: int,
        priority: str,
        reasons: tuple[str, ...],
    ) -> None:
        """Replace the lead's facts and the score computed from them."""
        lead = self._row_for_update(conversation)
        lead.facts_ct = self._encrypt(facts, FACTS_COLUMN)
        lead.score = score
        lead.priority = priority
        lead.reasons = list(reasons)

    def save_follow_up(self, conversation: Conversation, follow_up: dict[str, Any]) -> None:
        """Record the follow-up the agent proposed (its note may quote the prospect)."""
        lead = self._row_for_update(conversation)
        lead.follow_up_ct = self._encrypt(follow_up, FOLLOW_UP_COLUMN)

    def _encrypt(self, document: dict[str, Any], column: str) -> bytes:
        return self._scope.keys.cipher.encrypt(json.dumps(document, sort_keys=True), column)

    def _decrypt(self, ciphertext: bytes | None, column: str) -> dict[str, Any] | None:
        if ciphertext is None:
            return None
        document: dict[str, Any] = json.loads(self._scope.keys.cipher.decrypt(ciphertext, column))
        return document
