"""An assistant wired to the fake OpenAI-compatible server, and a prospect to talk to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pytest

from agent.agent_graph import build_agent
from agent.facts import load_rubric
from agent.fixed_replies import privacy_notice
from agent.pipeline import Assistant, AssistantConfig, Reply
from agent.provider import ModelConfig, build_chat_model
from agent.search import KnowledgeSearch
from fakes.openai_server import FakeOpenAI
from guardrails.engine import GuardrailEngine
from store.identities import IdentityKind
from tests.store_fixtures import StoreEnv

PROFILE_NAME = "Priya Sharma"
PROFILE_PHONE = "+91 98765 43210"


@dataclass(frozen=True)
class FakeHit:
    """A knowledge-base passage, as the real knowledge base returns it."""

    text: str
    source: str = "pricing.md"
    heading: str = "Pricing"
    score: float = 0.9


@dataclass
class FakeKnowledge:
    """A knowledge base that returns the same passages for any query."""

    hits: Sequence[FakeHit] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)

    def search(self, query: str, k: int = 4) -> Sequence[FakeHit]:
        self.queries.append(query)
        return list(self.hits)[:k]


def model_config(fake: FakeOpenAI, timeout_seconds: float = 20.0) -> ModelConfig:
    """Generous by default, so a loaded CI machine never turns a slow answer into a fallback."""
    return ModelConfig(
        api_key="test-key",
        model=fake.model,
        base_url=fake.base_url,
        timeout_seconds=timeout_seconds,
        max_retries=0,
    )


@dataclass
class Prospect:
    """One prospect's conversation in the store, and the assistant answering it."""

    store: StoreEnv
    assistant: Assistant
    conversation_id: str
    contact_id: str

    def says(self, text: str) -> Reply:
        with self.store.ledger() as ledger:
            conversation = ledger.conversations.get(self.conversation_id)
            inbound = ledger.conversations.add_message(conversation, "inbound", text)
            return self.assistant.handle(ledger, self.conversation_id, inbound.id)


AssistantFactory = Callable[..., Assistant]


@pytest.fixture
def make_assistant(engine: GuardrailEngine, fake_openai: FakeOpenAI) -> AssistantFactory:
    """``make_assistant(model=True, knowledge=None, agent=None, timeout_seconds=20.0)``."""

    def make(
        model: bool = True,
        knowledge: KnowledgeSearch | None = None,
        agent: object = None,
        timeout_seconds: float = 20.0,
    ) -> Assistant:
        config = model_config(fake_openai, timeout_seconds)
        if agent is None and model:
            agent = build_agent(build_chat_model(config))
        return Assistant(
            engine,
            AssistantConfig(
                company="Tarang Software",
                notice=privacy_notice("v2"),
                notice_version="v2",
                rubric=load_rubric(),
                recipient=config.recipient,
            ),
            agent=agent,  # type: ignore[arg-type]
            knowledge=knowledge,
        )

    return make


def new_prospect(
    store: StoreEnv,
    assistant: Assistant,
    name: str | None = PROFILE_NAME,
    phone: str | None = PROFILE_PHONE,
    channel: str = "whatsapp",
) -> Prospect:
    with store.ledger() as ledger:
        contact = ledger.contacts.create(name)
        if phone:
            ledger.contacts.add_identity(contact, IdentityKind.WA_ID, phone)
        conversation = ledger.conversations.open(contact.id, channel)
        return Prospect(store, assistant, conversation.id, contact.id)
