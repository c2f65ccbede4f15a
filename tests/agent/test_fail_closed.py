"""Fail closed: a guardrail failure means no model call, and the wire check stops a leak even
when the middleware is not there. Either way the prospect gets the playbook and a rep is asked."""

from __future__ import annotations

import pytest
from langchain.agents import create_agent
from langchain_core.messages import HumanMessage

from agent.llm import EgressBlocked, egress_scope
from agent.pipeline import ReplyKind
from agent.provider import build_chat_model
from agent.tools import agent_tools
from agent.turn import TurnContext
from fakes.openai_server import FakeOpenAI
from guardrails.engine import GuardrailEngine
from guardrails.leak_check import LeakDetector
from guardrails.vault import InMemoryVault
from tests.agent.conftest import AssistantFactory, model_config, new_prospect
from tests.store_fixtures import StoreEnv

# spaCy misses a lower-case first name in a chat line; only the channel's profile name finds it.
LOWERCASE_NAME_LINE = "can bhavesh get a demo tomorrow"


def _agent_without_middleware(fake: FakeOpenAI):  # type: ignore[no-untyped-def]
    return create_agent(
        model=build_chat_model(model_config(fake)),
        tools=agent_tools(),
        context_schema=TurnContext,
    )


def test_guardrail_failure_means_no_model_call(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant())
    too_long = "We need a CRM for our team of 30. " * 1000  # over the policy's max_text_chars
    reply = prospect.says(too_long)
    assert fake_openai.requests == []
    assert reply.kind is ReplyKind.PLAYBOOK and reply.handoff_reason == "guardrail_error"
    assert reply.text  # never silence
    with store.ledger() as ledger:
        assert "agent.fallback" in [entry.action for entry in ledger.audit.entries()]


def test_wire_check_stops_a_name_the_ner_misses(
    engine: GuardrailEngine, fake_openai: FakeOpenAI
) -> None:
    vault = InMemoryVault("c1")
    vault.seed("PERSON", "Bhavesh Patel")
    assert "bhavesh" in engine.redact(LOWERCASE_NAME_LINE).text  # NER alone lets it through
    agent = _agent_without_middleware(fake_openai)
    with (
        pytest.raises(EgressBlocked) as blocked,
        egress_scope(LeakDetector.from_values(vault.real_values())),
    ):
        agent.invoke({"messages": [HumanMessage(LOWERCASE_NAME_LINE)]})
    assert blocked.value.entity_types == ("PERSON",)
    assert fake_openai.requests == []


def test_pipeline_without_middleware_is_stopped_at_the_wire(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    assistant = make_assistant(agent=_agent_without_middleware(fake_openai))
    prospect = new_prospect(store, assistant, name="Bhavesh Patel")
    reply = prospect.says(LOWERCASE_NAME_LINE)
    assert fake_openai.requests == []
    assert reply.kind is ReplyKind.PLAYBOOK and reply.handoff_reason == "egress_blocked"
    with store.ledger() as ledger:
        blocked = [e for e in ledger.audit.entries() if e.action == "egress.blocked"]
        conversation = ledger.conversations.get(prospect.conversation_id)
    assert len(blocked) == 1 and "PERSON" in blocked[0].details
    assert "bhavesh" not in blocked[0].details.casefold()
    assert conversation.status == "handed_off"
