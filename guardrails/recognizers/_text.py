"""Small text helpers the recognisers share (digit separators, digit extraction, words)."""

from __future__ import annotations

import re

# What people put between the digits of one number: spaces, dashes, dots, slashes, brackets.
DIGIT_SEPARATOR = r"[\s\-./()]{0,3}"
_NON_DIGIT = re.compile(r"\D")


def digits_of(text: str) -> str:
    """Only the digits of ``text``: "+91 98765-43210" -> "919876543210"."""
    return _NON_DIGIT.sub("", text)


def spaced_digits(count: int) -> str:
    """A regex for ``count`` digits with optional separators between them."""
    return rf"\d(?:{DIGIT_SEPARATOR}\d){{{count - 1}}}"


# A word in any script: "Ágnes", "Þórðarson", "D’Alia", "Ποσειδώνος", "प्रिया".
# Indic vowel signs are combining marks, not letters, to Python: the block is taken whole.
_LETTER = r"(?:[^\W\d_]|[\u0900-\u0DFF])"
NAME_WORD = re.compile(rf"{_LETTER}(?:(?:{_LETTER}|['’\-])*{_LETTER})?")
