"""Which language to answer in: English, or Hinglish/Hindi when the prospect writes it.

A small word heuristic, not a model: the playbook must run with no model at all. A message counts
as Hinglish when it holds Devanagari or more common Hinglish words than English ones; a message
with neither ("ok", "40") says nothing, and the prospect's earlier messages decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

Language = Literal["en", "hi"]

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_WORD = re.compile(r"[a-z']+")
# Words frequent in romanised Hindi and rare in English. Left out on purpose: words both languages
# use ("to", "do", "me", "is", "hi", "main", "par"), and business words ("lakh", "budget").
_HINGLISH = frozenset(
    """
    hai hain ho hoon hu hum ham humlog hamlog kya kitna kitne kitni nahi nahin chahiye chahte
    aap aapka aapki aapke aapko ap mujhe hume humein hamein humko hamko hamara humara hamare humare
    mera meri mere karna karni karne karte karta karti karo karein kariye karunga karungi kar
    ke ka ki ko se mein tak haan ji kaise kab kaun kyun kyon kahan accha acha achha theek thik abhi
    wala wali wale log saal mahine mahina bhi aur lekin sab bata batao bataiye batayiye batayein
    chalega hoga hogi raha rahe rahi baat sakte sakta sakti liye yeh ye woh wo kuch bahut jaldi
    agle agla pehle baad namaste shukriya dhanyavaad insaan hisaab chahta chahti milega
    """.split()
)
_ENGLISH = frozenset(
    """
    the are we we're our you your you're what how much does need have has can please would could
    should for with about and my i i'm it it's this that will want looking of in be an a at on by
    from yes thanks thank hello just also but if when where which who why there they them not sure
    people team company am was were get start price cost decide
    """.split()
)


def message_language(text: str) -> Language | None:
    """The language of one message, or None when it gives no sign either way."""
    if _DEVANAGARI.search(text):
        return "hi"
    words = _WORD.findall(text.lower())
    hinglish = sum(word in _HINGLISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    if hinglish == english:
        return None
    return "hi" if hinglish > english else "en"


def conversation_language(prospect_texts: Sequence[str]) -> Language:
    """The language of the prospect's latest message that shows one; English when none does."""
    for text in reversed(prospect_texts):
        language = message_language(text)
        if language is not None:
            return language
    return "en"
