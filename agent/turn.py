"""What one turn of the agent works with (:class:`TurnContext`) and what its tools decide
(:class:`TurnState`).

The context is LangGraph's runtime context: the middleware and every tool read it, and nothing in
it can be changed by the model. Tools may run on worker threads, so they never touch the database:
they write to the state under a lock, and the pipeline persists it after the turn.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from agent.facts import LeadFacts, LeadScore, Rubric, overlay_facts, score
from agent.system_prompt import lead_summary

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent.search import KnowledgeSearch
    from guardrails.pseudonymiser import Pseudonymiser
    from guardrails.vault import Vault
    from store.ledger import Ledger
    from store.processing import Recipient


@dataclass(frozen=True)
class EgressEntry:
    """One message as the AI provider received it (already pseudonymised)."""

    role: str
    text: str


@dataclass
class TurnState:
    """The facts, hand-off and follow-up the tools recorded in this turn."""

    facts: LeadFacts
    custom: dict[str, str]
    rubric: Rubric
    handoff_reason: str | None = None
    follow_up: dict[str, Any] | None = None
    facts_changed: bool = False
    profile_name: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, facts: LeadFacts, custom: dict[str, str]) -> LeadScore:
        """Merge newly stated facts over the known ones and score the result."""
        with self._lock:
            self.facts = overlay_facts(self.facts, facts)
            self.custom = {**self.custom, **custom}
            self.facts_changed = True
            return score(self.facts, self.rubric)

    def summary(self) -> str:
        """What is known so far, for the system prompt (it changes as tools record facts)."""
        with self._lock:
            return lead_summary(
                self.facts, self.custom, score(self.facts, self.rubric), self.profile_name
            )

    def hand_off(self, reason: str) -> None:
        """Ask for a rep (the first reason given stands)."""
        with self._lock:
            self.handoff_reason = self.handoff_reason or reason

    def set_follow_up(self, follow_up: dict[str, Any]) -> None:
        """Keep the follow-up the agent proposed."""
        with self._lock:
            self.follow_up = follow_up


@dataclass
class TurnContext:
    """Everything one model turn may use, bound to one conversation."""

    conversation_id: str
    contact_id: str
    purpose: str
    today: date
    ledger: Ledger
    pseudonymiser: Pseudonymiser
    vault: Vault
    recipient: Recipient
    prompt_ref: str
    # The system prompt for a lead summary: our own text around the only part that quotes the
    # prospect, so only the summary needs the guardrail.
    render_system: Callable[[str], str]
    state: TurnState
    knowledge: KnowledgeSearch | None = None
    custom_fields: tuple[str, ...] = ()
    marketing_allowed: bool = False
    egress: list[list[EgressEntry]] = field(default_factory=list)
