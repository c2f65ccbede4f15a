"""Where lead facts come from: one small interface, so the offline parsers and a model can swap.

The qualify command and the playbook depend on :class:`FactExtractor`, not on a parser; a
model-backed extractor plugs in later without touching either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from agent.conversation import ConversationMessage
from agent.facts import LeadFacts, extract_facts


class FactExtractor(Protocol):
    """Reads the lead facts a prospect has stated in a conversation."""

    def extract(self, messages: Sequence[ConversationMessage]) -> LeadFacts:
        """The facts stated in ``messages``, the whole conversation (both sides), oldest first.

        The business's turns are passed too, because an extractor that understands context needs
        the question to read a bare answer ("40"); the facts themselves are the prospect's.
        """
        ...


class OfflineExtractor:
    """The deterministic parsers of ``agent.facts``: prospect messages only, no model, no network.

    A business message never counts: a rep quoting "$500 a month" is a price, not the prospect's
    budget.
    """

    def extract(self, messages: Sequence[ConversationMessage]) -> LeadFacts:
        """The latest value of each fact the prospect stated, each read on the day it was sent."""
        return extract_facts(
            (message.text, message.sent_at) for message in messages if message.sender == "prospect"
        )
