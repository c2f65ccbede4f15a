"""The engine end to end: business facts survive, fail closed, policy operators apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.errors import DetectionFailed, PolicyError, TextTooLong
from guardrails.policy import load_policy

BUSINESS = [
    "₹5 lakh",
    "$20,000",
    "Rs. 2,50,000",
    "50 seats",
    "team of 120",
    "by March",
    "next quarter",
    "before Diwali",
    "Acme Technologies",
    "Head of Sales",
    "Pune",
]


def test_business_facts_survive(engine: GuardrailEngine) -> None:
    text = (
        "Hi, Head of Sales at Acme Technologies in Pune here. We have a team of 120 and need "
        "50 seats by March, or next quarter, before Diwali at the latest. Budget ₹5 lakh, "
        "maybe $20,000 or Rs. 2,50,000."
    )
    redacted = engine.redact(text).text
    for fact in BUSINESS:
        assert fact in redacted


def test_personal_data_is_replaced_with_typed_placeholders(engine: GuardrailEngine) -> None:
    redaction = engine.redact("I'm Rohan Mehta, 98765 43210, rohan@acme.in, PAN ABCPD1234E")
    assert redaction.text == "I'm <PERSON_1>, <PHONE_NUMBER_1>, <EMAIL_ADDRESS_1>, PAN <IN_PAN_1>"
    assert [f.entity_type for f in redaction.findings] == [
        "PERSON",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "IN_PAN",
    ]


def test_allow_list_keeps_product_names(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("allow_list: [Rahul]\n", encoding="utf-8")
    engine = GuardrailEngine(load_policy(path))
    assert engine.redact("Does Rahul integrate with Tally?").text.startswith("Does Rahul")


def test_mask_and_hash_operators(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "entities:\n  PHONE_NUMBER: {operator: mask}\n  EMAIL_ADDRESS: {operator: hash}\n"
        "  IN_PAN: {operator: remove}\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError, match="ASPINIX_HASH_KEY"):
        GuardrailEngine(load_policy(path))
    engine = GuardrailEngine(load_policy(path), hash_key=b"k1")
    text = engine.redact("call 9876543210 or a@acme.in, PAN ABCPD1234E").text
    assert "98******10" in text
    assert "<EMAIL_ADDRESS:" in text and "a@acme.in" not in text
    assert "ABCPD1234E" not in text and "PAN " in text
    other_key = GuardrailEngine(load_policy(path), hash_key=b"k2").redact("a@acme.in").text
    assert other_key != engine.redact("a@acme.in").text


def test_too_long_text_is_refused(engine: GuardrailEngine) -> None:
    with pytest.raises(TextTooLong, match="max_text_chars"):
        engine.analyze("x" * (engine.policy.max_text_chars + 1))


class _BrokenRecognizerError(RuntimeError):
    pass


def test_recogniser_failure_fails_closed(
    engine: GuardrailEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guardrails.recognizers.phone import PhoneNumberRecognizer

    def explode(*_args: object, **_kwargs: object) -> list[object]:
        raise _BrokenRecognizerError("boom")

    monkeypatch.setattr(PhoneNumberRecognizer, "analyze", explode)
    with pytest.raises(DetectionFailed, match="text withheld"):
        engine.redact("call 9876543210")


def test_time_budget_overrun_fails_closed(tmp_path: Path) -> None:
    from guardrails.errors import DetectionTimeout

    path = tmp_path / "policy.yaml"
    path.write_text("time_budget_ms: 1\n", encoding="utf-8")
    slow = GuardrailEngine(load_policy(path))
    with pytest.raises(DetectionTimeout, match="budget"):
        slow.analyze("Priya Sharma from Pune, call 9876543210. " * 200)


def test_identifier_ending_like_an_amount_is_not_protected(engine: GuardrailEngine) -> None:
    assert "AAAPA0000K" not in engine.redact("thanks! AAAPA0000K").text


def test_contact_details_are_the_emails_and_phones_analyze_finds(engine: GuardrailEngine) -> None:
    text = "I'm Rohan Mehta, 98765 43210, rohan@acme.in, PAN ABCPD1234E, ₹5,00,000 a year"
    found = engine.contact_details(text)
    assert [(f.entity_type, text[f.start : f.end]) for f in found] == [
        ("PHONE_NUMBER", "98765 43210"),
        ("EMAIL_ADDRESS", "rohan@acme.in"),
    ]
    full = {(f.start, f.end) for f in engine.analyze(text)}
    assert {(f.start, f.end) for f in found} <= full


def test_contact_details_follow_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("entities:\n  PHONE_NUMBER: {enabled: false}\n", encoding="utf-8")
    engine = GuardrailEngine(load_policy(path))
    found = engine.contact_details("call 98765 43210 or rohan@acme.in")
    assert [f.entity_type for f in found] == ["EMAIL_ADDRESS"]
