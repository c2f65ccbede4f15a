"""Per-conversation worker leases: one worker answers a conversation at a time, in order.

A lease is a compare-and-set on the conversation row, committed on its own before the work
starts; it runs out by itself, so a worker that dies never blocks a conversation for longer
than the lease.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, update

from store.models import Conversation, utcnow
from store.scope import Scope


class Leases:
    """Conversation leases of one workspace."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def claim(self, conversation_id: str, owner: str, seconds: float) -> bool:
        """Take (or renew) the conversation for ``owner``; False when another live worker
        holds it."""
        now = utcnow()
        result = self._scope.session.execute(
            update(Conversation)
            .where(
                Conversation.id == conversation_id,
                Conversation.workspace_id == self._scope.workspace_id,
                or_(
                    Conversation.lease_owner.is_(None),
                    Conversation.lease_owner == owner,
                    Conversation.lease_until < now,
                ),
            )
            .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
        )
        return bool(getattr(result, "rowcount", 0))

    def release(self, conversation_id: str, owner: str) -> None:
        """Give the conversation back (only if ``owner`` still holds it)."""
        self._scope.session.execute(
            update(Conversation)
            .where(
                Conversation.id == conversation_id,
                Conversation.workspace_id == self._scope.workspace_id,
                Conversation.lease_owner == owner,
            )
            .values(lease_owner=None, lease_until=None)
        )
