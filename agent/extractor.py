"""Where lead facts come from: one small interface, so the offline parsers and a model can swap.

The qualify command and the playbook depend on :class:`FactExtractor`, not on a parser. The
offline parsers are here; the model-backed extractor is ``agent.model_extractor.ModelExtractor``
(kept apart because it brings LangChain, which the offline path never loads).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from agent.conversation import ConversationMessage
from agent.facts import LeadFacts, extract_facts


class FactExtractor(Protocol):
    """Reads the lead facts a prospect has stated in a conversation."""

    @property
    def name(self) -> str:
        """What the qualify output's ``"extractor"`` field says of facts read by this one."""
        ...

    def extract(self, messages: Sequence[ConversationMessage]) -> LeadFacts:
        """The facts stated in ``messages``, the whole conversation (both sides), oldest first.

        The business's turns are passed too, because an extractor that understands context needs
        the question to read a bare answer ("40"); the facts themselves are the prospect's.

        Raises:
            ExtractionFailed: this conversation could not be read (a model extractor's provider
                failed, say); the caller falls back to :class:`OfflineExtractor` for it.
        """
        ...


class OfflineExtractor:
    """The deterministic parsers of ``agent.facts``: prospect messages only, no model, no network.

    A business message never counts: a rep quoting "$500 a month" is a price, not the prospect's
    budget.
    """

    name = "offline"

    def extract(self, messages: Sequence[ConversationMessage]) -> LeadFacts:
        """The latest value of each fact the prospect stated, each read on the day it was sent."""
        return extract_facts(
            (message.text, message.sent_at) for message in messages if message.sender == "prospect"
        )
