"""STOP/START channel keywords in English, Hindi and Hinglish."""

from __future__ import annotations

import pytest

from guardrails.keywords import ChannelKeyword, channel_keyword


@pytest.mark.parametrize(
    "text",
    ["STOP", "stop", "Stop!!", "stop please", "UNSUBSCRIBE.", "opt out", "band karo",
     "Band kar do ji", "message mat bhejo", "बंद करो 🙏", "मैसेज मत भेजो", "रोको",
     "Remove me", "Please remove me from your mailing list.", "Unsubscribe me, thanks",
     "Take me off your list!"],
)  # fmt: skip
def test_stop_keywords(text: str) -> None:
    assert channel_keyword(text) is ChannelKeyword.STOP


@pytest.mark.parametrize("text", ["START", "start", "Unstop", "shuru karo", "शुरू करो"])
def test_start_keywords(text: str) -> None:
    assert channel_keyword(text) is ChannelKeyword.START


@pytest.mark.parametrize(
    "text",
    ["don't stop, send the quote", "When does the trial start?", "stop by our Pune office",
     "band baja baraat", "", "Please send pricing", "remove me from the CC and add Raj",
     "How do I unsubscribe my team from the old plan?"],
)  # fmt: skip
def test_ordinary_messages_are_not_keywords(text: str) -> None:
    assert channel_keyword(text) is None
