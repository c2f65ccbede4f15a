"""Lead facts read by the AI model: one pseudonymised call per conversation, checked at the wire.

For each conversation: a fresh vault, the whole transcript (both sides, labelled and dated)
pseudonymised with it, one chat-completions call that must answer with a ``record_facts``
function call (the prospect's own words per fact), made inside an ``egress_scope`` holding the
vault's real values, so the transport refuses a request that still carries one. The model's words
are rehydrated with the vault (the qualify output stays on this machine and keeps the prospect's
words) and read by ``agent.facts.facts_from_words``, the parsers the offline extractor and the
agent's tool use, so a budget or a timeline means the same whoever found it.

The model can only add to what the offline parsers find, never lose it: a fact the model leaves
null, or gives in words the parsers cannot read, keeps the offline value. When the call cannot be
made or fails (a provider error or timeout, an unusable answer, a blocked request, a guardrail
failure) ``extract`` raises ``ExtractionFailed`` and the caller reads that conversation offline.

The model is asked through function calling, not the ``json_schema`` response format: OpenAI-
compatible servers (vLLM, Ollama, gateways) support tools far more widely, and langchain-openai's
``with_structured_output(method="function_calling")`` forces the one tool with ``tool_choice``.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import openai
from langchain_core.exceptions import ModelError
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field

from agent.conversation import ConversationMessage
from agent.errors import ExtractionFailed
from agent.extractor import OfflineExtractor
from agent.facts import LeadFacts, facts_from_words, overlay_facts
from agent.llm import EgressBlocked, egress_scope
from agent.provider import ModelConfig, build_chat_model
from guardrails.engine import GuardrailEngine
from guardrails.errors import DetectionError
from guardrails.leak_check import LeakDetector
from guardrails.pseudonymiser import Pseudonymised, Pseudonymiser
from guardrails.vault import InMemoryVault
from prompts import Prompt, load_prompt

logger = logging.getLogger(__name__)

PROMPT_NAME = "qualify"
_LABELS = {"prospect": "Prospect", "business": "Business"}
# What a failed model call raises: the openai SDK's errors (status, timeout, connection, which
# langchain-openai re-raises as subclasses), LangChain's model errors (a refusal), and ValueError
# for an answer that does not fit the schema (pydantic's ValidationError, OutputParserException).
_MODEL_FAILURES = (openai.APIError, ModelError, ValueError)


# The function the model must call: its docstring and field descriptions are what the model sees.
class StatedFacts(BaseModel):
    """Record the qualification facts the prospect stated, each in the prospect's own words."""

    model_config = ConfigDict(title="record_facts")

    need: str | None = Field(default=None, description="what the prospect wants solved")
    budget: str | None = Field(
        default=None, description="the amount they can spend, e.g. '₹5 lakh a year'"
    )
    authority: str | None = Field(default=None, description="their words about who decides")
    is_decision_maker: bool | None = Field(
        default=None, description="true when they decide themselves, false when someone else does"
    )
    timeline: str | None = Field(default=None, description="when, e.g. 'by March'")
    team_size: str | None = Field(default=None, description="people who would use the product")
    company_size: str | None = Field(default=None, description="head count of the whole company")


@dataclass
class ModelRunTally:
    """What a run sent to the provider, for its one audit entry: counts only, never content.

    ``conversations`` counts transcripts that left for the provider (a call that then failed
    counts: the provider received it); ``blocked`` those the wire check stopped; ``fallbacks``
    every conversation read offline instead; ``redactions`` the values the guardrail replaced in
    the transcripts that left, per entity type.
    """

    conversations: int = 0
    blocked: int = 0
    fallbacks: int = 0
    redactions: Counter[str] = field(default_factory=Counter)


class ModelExtractor:
    """A ``FactExtractor`` backed by the configured AI model, the offline parsers beneath it.

    One instance serves a whole run (its HTTP clients are reused); not thread-safe, since the
    tally is a plain counter. Conversations share nothing: each gets its own vault.
    """

    name = "model"

    def __init__(
        self, config: ModelConfig, engine: GuardrailEngine, prompt: Prompt | None = None
    ) -> None:
        self._engine = engine
        self._prompt = prompt if prompt is not None else load_prompt(PROMPT_NAME)
        self._model = build_chat_model(config).with_structured_output(
            StatedFacts, method="function_calling"
        )
        self._offline = OfflineExtractor()
        self.tally = ModelRunTally()

    @property
    def prompt_ref(self) -> str:
        """The prompt version every call used, e.g. ``qualify@v1``."""
        return self._prompt.ref

    def extract(self, messages: Sequence[ConversationMessage]) -> LeadFacts:
        """The model's facts over the offline parsers' ones; see the module docstring.

        A conversation in which the prospect wrote nothing is not sent: there is nothing to read.

        Raises:
            ExtractionFailed: the model could not read this conversation; nothing of its content
                is in the error or the log.
        """
        prospect = [message for message in messages if message.sender == "prospect"]
        if not prospect:
            return self._offline.extract(messages)
        try:
            stated, pseudonymiser = self._ask(messages)
        except ExtractionFailed:
            self.tally.fallbacks += 1
            raise

        def real(words: str | None) -> str | None:
            """The prospect's own words back: the output stays on this machine."""
            return None if words is None else pseudonymiser.rehydrate(words)

        facts, unread = facts_from_words(
            today=prospect[-1].sent_at.date(),
            need=real(stated.need),
            budget=real(stated.budget),
            authority=real(stated.authority),
            is_decision_maker=stated.is_decision_maker,
            timeline=real(stated.timeline),
            team_size=real(stated.team_size),
            company_size=real(stated.company_size),
        )
        if unread:
            logger.info("model facts unreadable; offline values kept", extra={"facts": unread})
        return overlay_facts(self._offline.extract(messages), facts)

    def _ask(self, messages: Sequence[ConversationMessage]) -> tuple[StatedFacts, Pseudonymiser]:
        """The model's answer for one conversation, and the pseudonymiser that holds its vault."""
        vault = InMemoryVault(uuid.uuid4().hex)  # one per conversation: nothing is shared
        pseudonymiser = Pseudonymiser(self._engine, vault)
        try:
            safe = pseudonymiser.pseudonymise_many([message.text for message in messages])
        except DetectionError as exc:
            raise _failed(exc) from exc
        detector = LeakDetector.for_vault(vault)
        request = [SystemMessage(self._prompt.text), HumanMessage(_transcript(messages, safe))]
        try:
            with egress_scope(detector):
                answer = self._model.invoke(request)
        except EgressBlocked as exc:
            self.tally.blocked += 1
            raise _failed(exc) from exc
        except _MODEL_FAILURES as exc:
            self._sent(safe)
            raise _failed(exc) from exc
        self._sent(safe)
        if not isinstance(answer, StatedFacts):  # the model answered in text, not with the call
            raise _failed(None)
        return answer, pseudonymiser

    def _sent(self, safe: Sequence[Pseudonymised]) -> None:
        self.tally.conversations += 1
        self.tally.redactions.update(
            finding.entity_type for result in safe for finding in result.findings
        )


def _transcript(messages: Sequence[ConversationMessage], safe: Sequence[Pseudonymised]) -> str:
    """One line per message: who, when (ISO 8601 to the minute, with its offset), the safe text."""
    return "\n".join(
        f"{_LABELS[message.sender]} ({message.sent_at.isoformat(timespec='minutes')}): "
        f"{result.text}"
        for message, result in zip(messages, safe, strict=True)
    )


def _failed(cause: Exception | None) -> ExtractionFailed:
    """The error for one conversation's fallback, logged by type only."""
    reason = type(cause).__name__ if cause is not None else "NoFunctionCall"
    logger.warning("model extraction failed; offline fallback", extra={"error": reason})
    return ExtractionFailed(f"the model could not read this conversation: {reason}")
