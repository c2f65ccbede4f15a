"""Channel keywords: STOP and START (and, for e-mail, "unsubscribe", "remove me"), in English,
Hindi and Hinglish.

A prospect who writes "STOP" (or "band karo", "बंद करो") withdraws marketing consent before
anything else happens to that message; "START" grants it again. Only a message that is nothing
but the keyword counts, so "don't stop now, send the quote" is an ordinary message.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class ChannelKeyword(StrEnum):
    """The two consent keywords a channel message can be."""

    STOP = "stop"
    START = "start"


_STOP = frozenset(
    {"stop", "stop all", "stopall", "unsubscribe", "cancel", "end", "quit", "opt out", "optout",
     "stop messages", "stop sending", "stop messaging", "stop msg", "stop msgs",
     "remove me", "remove me from your list", "remove me from your mailing list",
     "remove me from the list", "remove me from this list", "take me off your list",
     "take me off the list", "unsubscribe me", "opt me out", "stop emailing me",
     "no more emails", "stop emails",
     "band", "band karo", "band kar do", "band kijiye", "bandh karo", "bandh kar do",
     "mat bhejo", "msg mat bhejo", "message mat bhejo", "messages mat bhejo",
     "message band karo", "messages band karo", "msg band karo",
     "बंद", "बंद करो", "बंद करें", "बंद कर दो", "बंद कीजिए", "रोको", "मत भेजो",
     "मैसेज मत भेजो", "मैसेज बंद करो", "अनसब्सक्राइब"}
)  # fmt: skip
_START = frozenset(
    {"start", "subscribe", "unstop", "resume", "start again", "start karo", "shuru karo",
     "shuru", "chalu karo", "फिर से शुरू करो", "शुरू", "शुरू करो", "शुरू करें", "चालू करो"}
)  # fmt: skip
_POLITE = re.compile(r"\b(please|pls|plz|thanks|thank you|thx|kripya|कृपया|now|ji|जी)\b")


def _words(text: str) -> str:
    """Lower-case letters and spaces only: punctuation, emoji and politeness dropped."""
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LM" else " "
        for ch in unicodedata.normalize("NFC", text).casefold()
    )
    return " ".join(_POLITE.sub(" ", kept).split())


def channel_keyword(text: str) -> ChannelKeyword | None:
    """STOP or START when the whole message is that keyword; None for any other message."""
    words = _words(text)
    if words in _STOP:
        return ChannelKeyword.STOP
    if words in _START:
        return ChannelKeyword.START
    return None
