"""The policy editor's try-it box: what a sample message becomes under the unsaved policy.

The API process loads a guardrail engine of its own for it at the first try, not at start-up
(the language model takes seconds and memory that no other console page needs), and runs each
try on a view of it under the submitted policy (``with_policy``). A try stores nothing: no vault
is involved (placeholders are numbered for the sample alone), and the sample is neither logged
nor audited.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guardrails.policy import Policy, load_policy

if TYPE_CHECKING:  # the engine brings Presidio and spaCy: loaded at the first try only
    from guardrails.engine import GuardrailEngine


@dataclass(frozen=True)
class Found:
    """One value the guardrail found in the sample, and what the policy does to it."""

    entity_type: str
    text: str
    score: float
    operator: str


@dataclass(frozen=True)
class Trial:
    """The sample as an AI provider would receive it, and what was found in it."""

    text: str
    found: tuple[Found, ...]


class PolicyTrials:
    """The API process's engine for trying policies, shared by requests."""

    def __init__(self, hash_key: bytes | None) -> None:
        self._hash_key = hash_key
        self._engine: GuardrailEngine | None = None
        self._lock = threading.Lock()

    @property
    def hash_key_set(self) -> bool:
        """Whether the hash operator can be used here (and so by the workers, which share the
        settings)."""
        return bool(self._hash_key)

    def run(self, policy: Policy, sample: str) -> Trial:
        """Detect and replace personal data in ``sample`` under ``policy``.

        Raises:
            DetectionError: detection failed, overran its budget or the sample is longer than
                the policy's max_text_chars (the guardrail's own refusals, shown as they are).
        """
        engine = self._loaded().with_policy(policy)
        redaction = engine.redact(sample)
        return Trial(
            redaction.text,
            tuple(
                Found(
                    finding.entity_type,
                    sample[finding.start : finding.end],
                    finding.score,
                    policy.rule_for(finding.entity_type).operator.value,
                )
                for finding in redaction.findings
            ),
        )

    def _loaded(self) -> GuardrailEngine:
        """The engine, loaded once, whichever request comes first (the others wait)."""
        with self._lock:
            if self._engine is None:
                from guardrails.engine import GuardrailEngine

                # Its own policy never applies: each try runs under the submitted one.
                self._engine = GuardrailEngine(load_policy(), self._hash_key)
            return self._engine
