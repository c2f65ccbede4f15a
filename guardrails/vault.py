"""The per-conversation vault: placeholder <-> real value, and the values known up front.

The same value gets the same placeholder in every turn of a conversation, so the model can reason
about "<PERSON_1>" across turns. Only the conversation's own vault resolves its placeholders, so a
reply can never be filled with another prospect's data. This module holds the interface and an
in-memory implementation; the encrypted, persistent one lives with the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol

from guardrails.entities import EntityType
from guardrails.errors import VaultError
from guardrails.recognizers._text import digits_of
from guardrails.recognizers.known_values import KnownValue

PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*?)_(\d+)>")
# Identifiers compared on their digits; a phone number on its last ten (the national number).
DIGIT_TYPES = frozenset(
    {EntityType.PHONE_NUMBER, EntityType.IN_AADHAAR, EntityType.CREDIT_CARD,
     EntityType.BANK_ACCOUNT}
)  # fmt: skip
PHONE_DIGITS = 10


class Vault(Protocol):
    """What the guardrail needs from a conversation's vault."""

    @property
    def conversation_id(self) -> str:
        """The conversation this vault belongs to."""
        ...

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder for ``value``, created on first sight, the same one after that."""
        ...

    def resolve(self, placeholder: str) -> str | None:
        """The real value behind one of this vault's placeholders; None for any other."""
        ...

    def known_values(self) -> Sequence[KnownValue]:
        """Identifiers seeded from the channel, to be found in any spelling."""
        ...

    def real_values(self) -> list[tuple[str, str]]:
        """Every real value the vault holds, with its type: what must never leave."""
        ...


def canonical(entity_type: str, value: str) -> str:
    """The form two spellings of one value share: "+91 98765 43210" ~ "9876543210"."""
    cleaned = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    if entity_type in DIGIT_TYPES and (digits := digits_of(cleaned)):
        return digits[-PHONE_DIGITS:] if entity_type == EntityType.PHONE_NUMBER else digits
    return " ".join(cleaned.casefold().split())


class InMemoryVault:
    """A vault in a dict: for tests, the CLI and the demo. Lost when the process ends."""

    def __init__(self, conversation_id: str) -> None:
        if not conversation_id:
            raise VaultError("a vault needs a conversation id")
        self._conversation_id = conversation_id
        self._by_key: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        self._known: list[KnownValue] = []

    @property
    def conversation_id(self) -> str:
        """The conversation this vault belongs to."""
        return self._conversation_id

    def seed(self, entity_type: str, value: str) -> None:
        """Register an identifier the channel already knows (profile name, phone, e-mail)."""
        if not value.strip():
            raise VaultError(f"cannot seed an empty {entity_type} value")
        self._known.append(KnownValue(entity_type, value))

    def known_values(self) -> Sequence[KnownValue]:
        """Identifiers seeded from the channel."""
        return tuple(self._known)

    def real_values(self) -> list[tuple[str, str]]:
        """Every real value the vault holds (seeded or placeholdered), with its type."""
        seeded = [(known.entity_type, known.value) for known in self._known]
        issued = [(entity_type, self._by_placeholder[p]) for (entity_type, _), p in
                  self._by_key.items()]  # fmt: skip
        return seeded + issued

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder for ``value``, created on first sight, the same one after that."""
        key = (entity_type, canonical(entity_type, value))
        if key not in self._by_key:
            number = self._counters.get(entity_type, 0) + 1
            self._counters[entity_type] = number
            placeholder = f"<{entity_type}_{number}>"
            self._by_key[key] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_key[key]

    def resolve(self, placeholder: str) -> str | None:
        """The real value behind one of this vault's placeholders; None for any other."""
        return self._by_placeholder.get(placeholder)

    def restore(self, entity_type: str, placeholder: str, value: str) -> None:
        """Re-register a mapping made in an earlier turn (a stored vault loading its entries),
        so numbering continues after it."""
        match = PLACEHOLDER.fullmatch(placeholder)
        if match is None or match.group(1) != entity_type:
            raise VaultError(f"{placeholder!r} is not a {entity_type} placeholder")
        self._by_key[(entity_type, canonical(entity_type, value))] = placeholder
        self._by_placeholder[placeholder] = value
        number = int(match.group(2))
        self._counters[entity_type] = max(self._counters.get(entity_type, 0), number)


def rehydrate(text: str, vault: Vault) -> str:
    """Put real values back in text going to this vault's prospect; unknown placeholders stay."""
    return PLACEHOLDER.sub(lambda match: vault.resolve(match.group(0)) or match.group(0), text)
