"""The persistent, encrypted pseudonymisation vault of one conversation.

It implements ``guardrails.vault.Vault`` over the in-memory one: entries of earlier turns are
loaded and decrypted when the vault opens, and each new placeholder is written (encrypted) in the
caller's transaction, so numbering and mapping stay the same in every turn.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from guardrails.recognizers.known_values import KnownValue
from guardrails.vault import InMemoryVault
from store.models import VaultEntry
from store.scope import Scope

VALUE_COLUMN = "vault_entries.value"


class StoredVault:
    """A conversation's vault, backed by the ``vault_entries`` table."""

    def __init__(self, scope: Scope, conversation_id: str) -> None:
        self._scope = scope
        self._memory = InMemoryVault(conversation_id)
        self._stored: set[str] = set()
        rows = scope.session.scalars(
            select(VaultEntry).where(
                VaultEntry.workspace_id == scope.workspace_id,
                VaultEntry.conversation_id == conversation_id,
            )
        )
        for row in rows:
            value = scope.keys.cipher.decrypt(row.value_ct, VALUE_COLUMN)
            self._memory.restore(row.entity_type, row.placeholder, value)
            self._stored.add(row.placeholder)

    @property
    def conversation_id(self) -> str:
        """The conversation this vault belongs to."""
        return self._memory.conversation_id

    def seed(self, entity_type: str, value: str) -> None:
        """Register an identifier the channel knows (kept in memory: it is stored already)."""
        self._memory.seed(entity_type, value)

    def known_values(self) -> Sequence[KnownValue]:
        """Identifiers seeded from the channel."""
        return self._memory.known_values()

    def real_values(self) -> list[tuple[str, str]]:
        """Every real value the vault holds, with its type: what must never leave."""
        return self._memory.real_values()

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder for ``value``; a new one is stored encrypted."""
        placeholder = self._memory.placeholder_for(entity_type, value)
        if placeholder not in self._stored:
            self._scope.session.add(
                VaultEntry(
                    workspace_id=self._scope.workspace_id,
                    conversation_id=self.conversation_id,
                    placeholder=placeholder,
                    entity_type=entity_type,
                    value_ct=self._scope.keys.cipher.encrypt(value, VALUE_COLUMN),
                )
            )
            self._stored.add(placeholder)
        return placeholder

    def resolve(self, placeholder: str) -> str | None:
        """The real value behind one of this conversation's placeholders; None for any other."""
        return self._memory.resolve(placeholder)
