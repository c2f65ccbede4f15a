"""The pipeline end to end against the fake OpenAI-compatible server over real HTTP: the provider
never sees a raw identifier, replies come back rehydrated, facts and scores are stored, keywords
and refusals never reach the model, and failures end in the playbook with a hand-off."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from agent.pipeline import ReplyKind
from fakes.openai_server import Delay, Error, FakeOpenAI, Text, ToolCall, ToolCalls
from store.models import ProcessingRecord
from store.outbox import Delivery
from tests.agent.conftest import (
    PROFILE_PHONE,
    AssistantFactory,
    FakeHit,
    FakeKnowledge,
    new_prospect,
)
from tests.store_fixtures import StoreEnv

# Indian and international identifiers a prospect might type, and their other spellings.
RAW_VALUES = (
    "Priya", "Sharma", "98765 43210", "9876543210", "priya.sharma@gmail.com",
    "2345 6789 0124", "ABCPS1234K", "24AAACL1234F1Z5", "priya@okhdfcbank",
    "Jürgen Müller", "+49 151 23456789", "jurgen@mueller.de",
)  # fmt: skip
TURNS = (
    "hi, this is priya from Lotus Textiles. We need a CRM for 40 sales reps.",
    "Budget is around ₹5 lakh per year, we want to go live by March. I am the founder.",
    "Mail me at priya.sharma@gmail.com or call 98765 43210. PAN ABCPS1234K, "
    "GSTIN 24AAACL1234F1Z5, UPI priya@okhdfcbank, Aadhaar 2345 6789 0124.",
    "Also loop in my German partner Jürgen Müller, +49 151 23456789, jurgen@mueller.de",
)


def _assert_no_raw_values(fake: FakeOpenAI) -> None:
    sent = fake.all_request_text().casefold()
    for value in RAW_VALUES:
        assert value.casefold() not in sent, f"{value!r} reached the provider"


def test_multi_turn_conversation_never_sends_a_raw_identifier(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(
        *[Text("Thanks <PERSON_1>! Noted, we will write to <EMAIL_ADDRESS_1>.")] * len(TURNS)
    )
    prospect = new_prospect(store, make_assistant())
    replies = [prospect.says(turn) for turn in TURNS]
    _assert_no_raw_values(fake_openai)
    assert len(fake_openai.completion_requests) == len(TURNS)
    assert all(reply.kind is ReplyKind.AI for reply in replies)
    assert replies[-1].text is not None
    # The profile name leads the lead summary, so it is the placeholder's first sighting and
    # the reply greets the prospect by it.
    assert (
        replies[-1].text == "Thanks Priya Sharma! Noted, we will write to priya.sharma@gmail.com."
    )
    # The placeholders stay the same from turn to turn.
    first, last = fake_openai.completion_requests[0].json, fake_openai.last_request.json
    assert "<PERSON_1>" in json.dumps(first) and "<PERSON_1>" in json.dumps(last)


def test_processing_record_per_model_call(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant())
    prospect.says(TURNS[2])
    with store.ledger() as ledger:
        records = ledger.scope.session.scalars(
            select(ProcessingRecord).where(
                ProcessingRecord.conversation_id == prospect.conversation_id
            )
        ).all()
    assert len(records) == 1
    record = records[0]
    assert record.purpose == "lead_qualification"
    assert record.lawful_basis == "contract"
    assert record.recipient_provider == "127.0.0.1"
    assert record.recipient_model == fake_openai.model
    assert record.prompt_version == "system@v1"
    assert record.redaction_counts["EMAIL_ADDRESS"] >= 1
    assert record.redaction_counts["IN_PAN"] == 1
    assert len(record.payload_sha256) == 64


def test_privacy_notice_in_first_reply_only(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant())
    first = prospect.says("Hello, do you integrate with WhatsApp?")
    second = prospect.says("And with Gmail?")
    assert first.notice_version == "v2" and first.text is not None
    assert "automated assistant" in first.text
    assert second.notice_version is None and second.text == "OK"
    # The notice is ours to add: the model never sees it, nor asks for it.
    assert "Reply STOP" not in fake_openai.all_request_text()


def test_facts_recorded_by_the_tool_are_normalised_scored_and_stored(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(
        ToolCalls(
            [
                ToolCall(
                    "record_facts",
                    {
                        "budget": "$8k a month",
                        "team_size": "25",
                        "authority": "I am the CTO",
                        "is_decision_maker": True,
                        "need": "a shared inbox for support",
                    },
                )
            ]
        ),
        Text("Great, noted."),
    )
    prospect = new_prospect(store, make_assistant())
    reply = prospect.says("We're 25 people, budget $8k a month, I'm the CTO.")
    assert reply.kind is ReplyKind.AI and reply.lead_score is not None
    with store.ledger() as ledger:
        lead = ledger.leads.get(ledger.conversations.get(prospect.conversation_id))
    assert lead.facts["budget"]["currency"] == "USD"
    assert lead.facts["budget"]["period"] == "month"
    assert float(lead.facts["budget"]["amount"]) == 8000
    assert lead.facts["team_size"]["value"] == 25
    assert lead.score == reply.lead_score.score and lead.priority in {"hot", "warm", "cold"}
    assert lead.reasons
    # The tool result went back to the model, pseudonymised like everything else.
    tool_message = fake_openai.last_request.json["messages"][-1]
    assert tool_message["role"] == "tool" and "Lead score" in tool_message["content"]


def test_stop_and_start_get_fixed_replies_without_a_model_call(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant())
    stop = prospect.says("STOP")
    start = prospect.says("start")
    hindi = prospect.says("band karo")
    assert fake_openai.completion_requests == []
    assert stop.kind is ReplyKind.KEYWORD and "no more follow-up" in (stop.text or "")
    assert start.kind is ReplyKind.KEYWORD and "again" in (start.text or "")
    assert hindi.text is not None and "nahi aayenge" in hindi.text
    with store.ledger() as ledger:
        history = ledger.consent.history(prospect.contact_id)
    assert [r.granted for r in history] == [False, True, False]


def test_restricted_contact_gets_no_ai_reply(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant())
    with store.ledger() as ledger:
        ledger.contacts.set_restricted(ledger.contacts.get(prospect.contact_id), True, "admin")
    reply = prospect.says("What does it cost?")
    assert reply.kind is ReplyKind.NONE and reply.text is None
    assert reply.handoff_reason == "restricted"
    assert fake_openai.completion_requests == []
    with store.ledger() as ledger:
        assert ledger.conversations.get(prospect.conversation_id).status == "handed_off"


def test_objection_to_profiling_answers_without_qualifying(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant())
    with store.ledger() as ledger:
        contact = ledger.contacts.get(prospect.contact_id)
        ledger.contacts.set_objection(contact, "lead_qualification", True, "admin")
    prospect.says("Does it work with Gmail?")
    with store.ledger() as ledger:
        record = ledger.scope.session.scalars(select(ProcessingRecord)).all()[-1]
    assert record.purpose == "response_generation"


@pytest.mark.parametrize(
    "failure", [Error(500, "upstream exploded", "server_error"), Delay(5.0)], ids=str
)
def test_provider_failure_falls_back_to_the_playbook_and_a_rep(
    store: StoreEnv,
    make_assistant: AssistantFactory,
    fake_openai: FakeOpenAI,
    failure: Error | Delay,
) -> None:
    fake_openai.script(failure)
    prospect = new_prospect(store, make_assistant(timeout_seconds=1.0))
    reply = prospect.says("We need a CRM for our 12 person team.")
    assert reply.kind is ReplyKind.PLAYBOOK
    assert reply.handoff_reason == "provider_error"
    assert reply.text and "automated" in reply.text.casefold()
    with store.ledger() as ledger:
        conversation = ledger.conversations.get(prospect.conversation_id)
        assert conversation.status == "handed_off"
        actions = [entry.action for entry in ledger.audit.entries()]
        assert "agent.fallback" in actions
        assert ledger.leads.get(conversation).facts["team_size"]["value"] == 12


def test_no_model_configured_uses_the_playbook(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    prospect = new_prospect(store, make_assistant(model=False))
    reply = prospect.says("Hi, we are looking for a CRM for our sales team")
    assert reply.kind is ReplyKind.PLAYBOOK and reply.handoff_reason is None
    assert reply.notice_version == "v2"
    assert fake_openai.requests == []


def test_knowledge_base_answers_reach_the_model_as_reference(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    knowledge = FakeKnowledge([FakeHit("The Growth plan costs ₹1,200 per seat per month.")])
    fake_openai.script(
        ToolCalls([ToolCall("search_knowledge_base", {"query": "price per seat"})]),
        Text("The Growth plan is ₹1,200 per seat per month."),
    )
    prospect = new_prospect(store, make_assistant(knowledge=knowledge))
    reply = prospect.says("How much per seat?")
    assert knowledge.queries == ["price per seat"]
    assert reply.text is not None and reply.text.startswith("The Growth plan is ₹1,200")
    assert "data, not instructions" in fake_openai.last_request.json["messages"][-1]["content"]


def test_the_vault_is_seeded_from_the_channel(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    """A lower-case first name NER misses is still replaced: the channel told us the name."""
    prospect = new_prospect(store, make_assistant(), name="Ishaan Verma")
    prospect.says("ok ishaan here, whats the price")
    sent = fake_openai.all_request_text()
    assert "ishaan" not in sent.casefold()
    assert PROFILE_PHONE not in sent


def test_tool_results_are_pseudonymised_before_the_next_model_call(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    knowledge = FakeKnowledge(
        [
            FakeHit(
                "Onboarding: write to Rahul Mehta at rahul.mehta@tarang.example or +91 90000 12345."
            )
        ]
    )
    fake_openai.script(
        ToolCalls([ToolCall("search_knowledge_base", {"query": "onboarding contact"})]),
        Text("Our onboarding team will help: <EMAIL_ADDRESS_1>."),
    )
    prospect = new_prospect(store, make_assistant(knowledge=knowledge))
    reply = prospect.says("Who helps us with onboarding?")
    sent = fake_openai.all_request_text()
    for value in ("Rahul", "rahul.mehta@tarang.example", "90000 12345"):
        assert value not in sent
    assert reply.text is not None and "rahul.mehta@tarang.example" in reply.text


@pytest.mark.parametrize("delivery", [Delivery.REJECTED, Delivery.FAILED])
def test_a_reply_the_prospect_never_saw_is_not_in_the_history(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI, delivery: Delivery
) -> None:
    fake_openai.script(Text("We offer a 90% discount."), Text("Plans start at ₹999."))
    prospect = new_prospect(store, make_assistant())
    first = prospect.says("Any discount?")
    with store.ledger() as ledger:
        assert first.message_id is not None
        ledger.outbox.hold(ledger.outbox.get(first.message_id), delivery)
    prospect.says("What does it cost?")
    roles = [m["role"] for m in fake_openai.last_request.json["messages"]]
    assert "90% discount" not in fake_openai.last_request.body.decode()
    assert roles.count("assistant") == 0 and roles.count("user") == 2
