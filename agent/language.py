"""Which language to answer in: English, or Hindi/Hinglish when the prospect writes it.

Deliberately simple: Devanagari letters, or at least two common Hinglish function words. The model
follows the prospect's language by itself; this only picks the fixed texts (confirmations,
playbook lines) that go out without a model.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "hi"]

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_HINGLISH = frozenset(
    {"hai", "hain", "kya", "kitna", "kitne", "kaise", "mujhe", "humein", "hame", "hamare",
     "hamara", "aap", "aapka", "aapke", "nahi", "nahin", "karo", "karna", "chahiye", "kab",
     "kaun", "band", "bhai", "ji", "haan", "acha", "accha", "thik", "theek", "se", "ka", "ki",
     "ke", "ko", "mein", "bhi", "tak", "wala", "wali", "liye", "hoga", "tha", "batao", "bataiye"}
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")


def prospect_language(text: str) -> Language:
    """``hi`` for Devanagari or Hinglish, ``en`` otherwise."""
    if _DEVANAGARI.search(text):
        return "hi"
    words = _WORD.findall(text.casefold())
    return "hi" if sum(word in _HINGLISH for word in words) >= 2 else "en"
