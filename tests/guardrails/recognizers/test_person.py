"""Names: NER, gazetteer and cues, through the engine (NER needs the spaCy model)."""

from __future__ import annotations

import pytest

from guardrails.engine import GuardrailEngine


def names(engine: GuardrailEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.analyze(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My name is Ananya Iyer and I work at TCS", "Ananya Iyer"),
        ("rahul here, need a quote", "rahul"),
        ("mera naam priya hai", "priya"),
        ("hi this is vikram sharma from acme", "vikram sharma"),
        ("Regards,\nMeera Nair\nHead of Sales", "Meera Nair"),
        ("Thanks, Grace", "Grace"),
    ],
)
def test_names_are_found(engine: GuardrailEngine, text: str, expected: str) -> None:
    assert expected in names(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "We want to go live by March.",
        "Will this work for 50 users?",
        "Our office is in Surat, India.",
        "Bill it to our Mumbai office.",
        "hi team, we are evaluating CRMs",
    ],
)
def test_not_names(engine: GuardrailEngine, text: str) -> None:
    assert names(engine, text) == []
