"""Need and authority cue phrases."""

from __future__ import annotations

import pytest

from agent.facts import parse_authority, parse_need


@pytest.mark.parametrize(
    ("text", "decides"),
    [
        ("I am the CTO", True),
        ("I'm the founder of Acme", True),
        ("I decide", True),
        ("as the head of sales I sign off on tools", True),
        ("main hi decide karunga", True),
        ("my manager decides", False),
        ("I need to check with my boss first", False),
        ("I am an analyst here", False),
        ("the decision is with our CFO", False),
        ("I'm the CTO, but my CEO will decide", False),
    ],
)
def test_authority(text: str, decides: bool) -> None:
    authority = parse_authority(text)
    assert authority is not None
    assert authority.is_decision_maker is decides
    assert authority.text in text


@pytest.mark.parametrize("text", ["Hello there", "what does it cost?", "we are 35 people"])
def test_no_authority(text: str) -> None:
    assert parse_authority(text) is None


@pytest.mark.parametrize(
    ("text", "need"),
    [
        (
            "We need a WhatsApp bot for lead follow-ups.",
            "We need a WhatsApp bot for lead follow-ups",
        ),
        (
            "hume ek CRM chahiye jo WhatsApp se connect ho",
            "hume ek CRM chahiye jo WhatsApp se connect ho",
        ),
        ("Hi! Looking for a tool to qualify leads", "Looking for a tool to qualify leads"),
    ],
)
def test_need(text: str, need: str) -> None:
    found = parse_need(text)
    assert found is not None
    assert found.text == need


def test_no_need() -> None:
    assert parse_need("thanks, talk soon") is None
