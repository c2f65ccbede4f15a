"""Reversible pseudonymisation of one conversation: what the agent calls on every turn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guardrails.engine import GuardrailEngine
from guardrails.findings import Finding
from guardrails.recognizers.known_values import KnownValue
from guardrails.vault import Vault, rehydrate


@dataclass(frozen=True)
class Pseudonymised:
    """Text safe to send to an AI provider, and what was replaced (offsets into the input)."""

    text: str
    findings: tuple[Finding, ...]


class Pseudonymiser:
    """Binds the engine to one conversation's vault.

    It remembers what it already pseudonymised: the vault gives a value the same placeholder in
    every turn, so a message's safe form never changes, and a 20-turn conversation costs one
    detection per new text, not one per text per turn. Callers may also hand it safe forms
    kept from earlier turns (:meth:`remember`).
    """

    def __init__(self, engine: GuardrailEngine, vault: Vault) -> None:
        self._engine = engine
        self._vault = vault
        self._known: dict[str, str] = {}

    def remember(self, text: str, safe_text: str) -> None:
        """Reuse ``safe_text`` for ``text`` (its safe form from an earlier turn of this vault)."""
        self._known[text] = safe_text

    def known(self, text: str) -> str | None:
        """The safe form of ``text`` if it was pseudonymised (or remembered) already."""
        return self._known.get(text)

    def pseudonymise(self, text: str) -> Pseudonymised:
        """Replace personal data with the conversation's placeholders (or the policy's operator).

        Raises:
            DetectionError: detection failed or overran its budget; nothing may be sent.
        """
        return self.pseudonymise_many([text])[0]

    def pseudonymise_many(self, texts: Sequence[str]) -> list[Pseudonymised]:
        """``pseudonymise`` for many texts, detecting only the ones not seen before, in one
        batch. Remembered texts come back with no findings (they were counted when first seen).
        """
        fresh = sorted({text for text in texts if text not in self._known and text.strip()})
        if fresh:
            all_findings = self._engine.analyze_many(fresh, self._values_so_far())
            found = {}
            for text, findings in zip(fresh, all_findings, strict=True):
                safe = self._engine.replace(text, findings, self._vault)
                self._known[text] = safe
                found[text] = tuple(findings)
        else:
            found = {}
        return [Pseudonymised(self._known.get(text, text), found.get(text, ())) for text in texts]

    def _values_so_far(self) -> list[KnownValue]:
        """The channel's identifiers and every value replaced earlier in the conversation: once
        a value is known to be personal data here, it is found in any later text and spelling,
        even where detection alone would not see it (a fragment quoted back in a tool call)."""
        return [KnownValue(kind, value) for kind, value in dict.fromkeys(self._vault.real_values())]

    def rehydrate(self, text: str) -> str:
        """Restore this conversation's values; placeholders it did not issue stay as they are."""
        return rehydrate(text, self._vault)
