"""The model-backed fact extractor against the fake OpenAI-compatible server over real HTTP: the
model's words are normalised by the offline parsers, no raw identifier reaches the provider, and
every failure falls back to the offline parsers for that conversation only."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from agent.facts import load_rubric
from agent.model_extractor import ModelExtractor
from agent.qualify import qualify_conversation, qualify_lines
from fakes.openai_server import Delay, Error, FakeOpenAI, Text, ToolCall, ToolCalls
from guardrails.engine import GuardrailEngine
from guardrails.errors import DetectionTimeout
from prompts import Prompt
from tests.agent.conftest import model_config

RUBRIC = load_rubric()
# Identifiers the transcript holds, in the spellings the prospect typed them.
RAW_VALUES = (
    "Priya", "Sharma", "98765 43210", "priya.sharma@gmail.com", "ABCPS1234K",
    "24AAACL1234F1Z5", "priya@okhdfcbank", "2345 6789 0124",
)  # fmt: skip


def record(record_id: str, *turns: tuple[str, str], day: str = "2026-11-25") -> dict[str, Any]:
    """A qualify input record; turns are ``(sender, text)``, one minute apart."""
    return {
        "id": record_id,
        "messages": [
            {"from": sender, "text": text, "ts": f"{day}T10:{minute:02d}:00+05:30"}
            for minute, (sender, text) in enumerate(turns)
        ],
    }


LOTUS = record(
    "lotus-1",
    ("prospect", "Hi, I'm Priya Sharma from Lotus Textiles. We need a WhatsApp CRM."),
    ("business", "Happy to help! What budget do you have in mind?"),
    ("prospect", "Around ₹5 lakh per year. Mail priya.sharma@gmail.com or call 98765 43210."),
    ("business", "And how many people would use it?"),
    ("prospect", "40. PAN ABCPS1234K, GSTIN 24AAACL1234F1Z5, UPI priya@okhdfcbank."),
    ("prospect", "Aadhaar 2345 6789 0124 if you need it. I am the founder."),
)


def facts_call(**words: Any) -> ToolCalls:
    """The model's answer: one ``record_facts`` call with these words (all others null)."""
    fields = ("need", "budget", "authority", "is_decision_maker", "timeline", "team_size")
    return ToolCalls([ToolCall("record_facts", {**dict.fromkeys(fields), **words})])


@pytest.fixture
def extractor(engine: GuardrailEngine, fake_openai: FakeOpenAI) -> ModelExtractor:
    return ModelExtractor(model_config(fake_openai), engine)


def test_the_model_words_are_normalised_by_the_offline_parsers(
    extractor: ModelExtractor, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(
        facts_call(
            need="a WhatsApp CRM",
            budget="$8k a month",
            authority="<PERSON_1> is the founder",
            is_decision_maker=True,
            timeline="next quarter",
            team_size="40",
            company_size="a company of 500 employees",
        )
    )
    result = qualify_conversation(LOTUS, extractor, RUBRIC)
    facts = result["facts"]
    assert result["extractor"] == "model"
    assert facts["budget"] == {
        "amount": 8000,
        "currency": "USD",
        "period": "month",
        "text": "$8k a month",
    }
    # Relative to the day of the latest prospect message.
    assert (facts["timeline"]["start"], facts["timeline"]["end"]) == ("2027-01-01", "2027-03-31")
    assert facts["team_size"] == {"value": 40, "text": "40"}
    assert facts["company_size"]["value"] == 500
    # The output stays local: the prospect's real words are back in it.
    assert facts["authority"] == {"text": "Priya Sharma is the founder", "is_decision_maker": True}
    request = fake_openai.last_request.json
    assert request["tool_choice"]["function"]["name"] == "record_facts"
    assert request["messages"][0]["role"] == "system"
    transcript = request["messages"][1]["content"]
    assert transcript.startswith("Prospect (2026-11-25T10:00+05:30): Hi, I'm <PERSON_1>")
    assert "\nBusiness (2026-11-25T10:01+05:30): Happy to help!" in transcript


def test_no_raw_identifier_reaches_the_provider(
    extractor: ModelExtractor, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(facts_call(need="a WhatsApp CRM"))
    qualify_conversation(LOTUS, extractor, RUBRIC)
    sent = fake_openai.all_request_text().casefold()
    for value in RAW_VALUES:
        assert value.casefold() not in sent, f"{value!r} reached the provider"
    tally = extractor.tally
    assert (tally.conversations, tally.blocked, tally.fallbacks) == (1, 0, 0)
    for entity_type in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IN_PAN", "IN_GSTIN"):
        assert tally.redactions[entity_type] >= 1, entity_type


def test_a_null_or_unreadable_fact_keeps_the_offline_value(
    extractor: ModelExtractor, fake_openai: FakeOpenAI
) -> None:
    offline = qualify_conversation(LOTUS, rubric=RUBRIC)["facts"]
    fake_openai.script(facts_call(budget=None, team_size="quite a few of us", need="a CRM"))
    facts = qualify_conversation(LOTUS, extractor, RUBRIC)["facts"]
    assert facts["budget"] == offline["budget"] and facts["budget"]["amount"] == 500000
    assert facts["authority"] == offline["authority"]  # "I am the founder", read offline
    assert facts["need"] == {"text": "a CRM"}  # what the model read wins where it reads


@pytest.mark.parametrize(
    "failure", [Error(500, "upstream exploded", "server_error"), Delay(5.0)], ids=str
)
def test_a_provider_failure_falls_back_for_that_conversation_and_the_run_goes_on(
    extractor: ModelExtractor,
    fake_openai: FakeOpenAI,
    caplog: pytest.LogCaptureFixture,
    failure: Error | Delay,
) -> None:
    fake_openai.script(failure, facts_call(budget="$8k a month"))
    lines = [json.dumps(LOTUS, ensure_ascii=False), json.dumps({**LOTUS, "id": "lotus-2"})]
    with caplog.at_level(logging.INFO):
        first, second = qualify_lines(lines, extractor, RUBRIC)
    assert first["extractor"] == "offline-fallback"
    assert {key: first[key] for key in ("facts", "score")} == {
        key: qualify_conversation(LOTUS, rubric=RUBRIC)[key] for key in ("facts", "score")
    }
    assert second["extractor"] == "model" and second["facts"]["budget"]["currency"] == "USD"
    assert extractor.tally.fallbacks == 1 and extractor.tally.conversations == 2
    logged = " ".join(str(vars(entry)) for entry in caplog.records).casefold()
    assert "model extraction failed" in logged
    for value in (*RAW_VALUES, "lotus", "upstream exploded"):
        assert value.casefold() not in logged, f"{value!r} was logged"


def test_a_request_the_wire_check_blocks_is_never_sent(
    engine: GuardrailEngine, fake_openai: FakeOpenAI
) -> None:
    # A prompt that quotes a real value of the conversation: the transport must refuse it.
    leaky = Prompt("qualify", 99, "Extract the facts of Priya Sharma.")
    extractor = ModelExtractor(model_config(fake_openai), engine, prompt=leaky)
    result = qualify_conversation(LOTUS, extractor, RUBRIC)
    assert result["extractor"] == "offline-fallback"
    assert fake_openai.completion_requests == []
    tally = extractor.tally
    assert (tally.conversations, tally.blocked, tally.fallbacks) == (0, 1, 1)


def test_a_guardrail_failure_falls_back_without_a_call(
    extractor: ModelExtractor,
    engine: GuardrailEngine,
    fake_openai: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def overrun(*args: object, **kwargs: object) -> None:
        raise DetectionTimeout("detection took longer than its budget")

    monkeypatch.setattr(engine, "analyze_many", overrun)
    assert qualify_conversation(LOTUS, extractor, RUBRIC)["extractor"] == "offline-fallback"
    assert fake_openai.completion_requests == []


def test_an_answer_without_the_function_call_falls_back(
    extractor: ModelExtractor, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(Text("The budget is 5 lakh."))
    assert qualify_conversation(LOTUS, extractor, RUBRIC)["extractor"] == "offline-fallback"
    assert extractor.tally.conversations == 1  # it did leave


def test_a_conversation_the_prospect_never_wrote_in_is_not_sent(
    extractor: ModelExtractor, fake_openai: FakeOpenAI
) -> None:
    quiet = record("quiet", ("business", "Hello Priya, our plan costs $500 a month."))
    result = qualify_conversation(quiet, extractor, RUBRIC)
    assert result["facts"]["budget"] is None and result["extractor"] == "model"
    assert fake_openai.completion_requests == []
