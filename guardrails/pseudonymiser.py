"""Reversible pseudonymisation of one conversation: what the agent calls on every turn."""

from __future__ import annotations

from dataclasses import dataclass

from guardrails.engine import GuardrailEngine
from guardrails.findings import Finding
from guardrails.vault import Vault, rehydrate


@dataclass(frozen=True)
class Pseudonymised:
    """Text safe to send to an AI provider, and what was replaced (offsets into the input)."""

    text: str
    findings: tuple[Finding, ...]


class Pseudonymiser:
    """Binds the engine to one conversation's vault."""

    def __init__(self, engine: GuardrailEngine, vault: Vault) -> None:
        self._engine = engine
        self._vault = vault

    def pseudonymise(self, text: str) -> Pseudonymised:
        """Replace personal data with the conversation's placeholders (or the policy's operator).

        Raises:
            DetectionError: detection failed or overran its budget; nothing may be sent.
        """
        findings = self._engine.analyze(text, self._vault.known_values())
        return Pseudonymised(self._engine.replace(text, findings, self._vault), tuple(findings))

    def rehydrate(self, text: str) -> str:
        """Restore this conversation's values; placeholders it did not issue stay as they are."""
        return rehydrate(text, self._vault)
