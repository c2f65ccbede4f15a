"""English or Hinglish, from the prospect's own words."""

from __future__ import annotations

import pytest

from agent.language import conversation_language, message_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We need a CRM for our sales team", "en"),
        ("How much does it cost?", "en"),
        ("hume ek CRM chahiye", "hi"),
        ("price kitna hai?", "hi"),
        ("hum 40 log hain", "hi"),
        ("मुझे CRM चाहिए", "hi"),
        ("ok", None),
        ("40", None),
        ("Hi", None),  # "hi" is also Hindi for "only"
    ],
)
def test_message_language(text: str, expected: str | None) -> None:
    assert message_language(text) == expected


def test_conversation_language_uses_the_latest_message_that_shows_one() -> None:
    assert conversation_language(["hume CRM chahiye", "ok", "40"]) == "hi"
    assert conversation_language(["hume CRM chahiye", "Sorry, we need English please"]) == "en"
    assert conversation_language(["ok"]) == "en"
    assert conversation_language([]) == "en"
