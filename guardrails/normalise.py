"""A detection view of a message that undoes the obfuscations prospects really type.

Recognisers run on the normalised view; every character of it remembers which span of the
original it came from, so findings map back to the original text, which is what gets redacted.
The view is never shown to anyone: it only has to make personal data easier to find.

Undone here:
- invisible format characters (zero-width spaces and joiners, BOM, soft hyphen);
- spelled-out digits in English and Hinglish ("nine eight seven", "double five", "nau aath"),
  only inside runs long enough to be an identifier, so "one or two seats" stays as it is;
- spelled-out e-mail addresses ("priya dot sharma at gmail dot com", "priya[at]gmail[dot]com").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from guardrails.offline import is_public_suffix

_DIGIT_WORDS: dict[str, str] = {
    # English
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9",
    # Hinglish, as typed in Latin script
    "shunya": "0", "sunya": "0", "ek": "1", "do": "2", "teen": "3", "char": "4", "chaar": "4",
    "paanch": "5", "panch": "5", "chhe": "6", "chhah": "6", "chah": "6", "che": "6",
    "saat": "7", "aath": "8", "aat": "8", "nau": "9",
}  # fmt: skip
_REPEATERS: dict[str, int] = {"double": 2, "triple": 3}
# A run of number words converts only when it spells at least this many digits: short runs are
# ordinary language ("one or two", "do teen din"), long runs are phone numbers and ids.
_MIN_SPELLED_DIGITS = 5

_NUMBER_TOKEN = re.compile(r"\b[A-Za-z]+\b|\d+")  # whole words: not the "O" of "AB0000O"
_RUN_SEPARATOR = re.compile(r"[\s\-.,/()]*")

# A literal "." joins labels only when a label follows at once: "com. Bill" ends a sentence.
# A literal "." with spaces on both sides is a spelled-out dot too ("gmail . com").
_DOT = (
    r"(?:\.(?=[A-Za-z0-9])|[ \t]+\.[ \t]+"
    r"|\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\})\s*|\s+dot\s+)"
)
_AT = (  # "at the rate (of)" is how many Indians read out "@"
    r"(?:\s*(?:@|\[\s*(?:at|@)\s*\]|\(\s*(?:at|@)\s*\)|\{\s*(?:at|@)\s*\}"
    r"|\s+at\s+the\s+rate(?:\s+of)?\s+|\s+at\s+)\s*)"
)
_SPELLED_EMAIL = re.compile(
    rf"(?P<local>[A-Za-z0-9_+\-]+(?:{_DOT}[A-Za-z0-9_+\-]+)*){_AT}"
    rf"(?P<domain>[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)+)",
    re.IGNORECASE,
)
_DOT_ONLY = re.compile(_DOT, re.IGNORECASE)
_PLAIN_EMAIL = re.compile(r"[\w.+\-]+@[\w.\-]+")


@dataclass(frozen=True)
class NormalisedText:
    """The detection view and, per character, the original span it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> NormalisedText:
        """The view of a text that needs no change."""
        return cls(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the view back to the span of the original it came from."""
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]

    def replace(self, edits: list[tuple[int, int, str]]) -> NormalisedText:
        """Apply sorted, non-overlapping ``(start, end, new)`` edits to the view."""
        if not edits:
            return self
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        cursor = 0
        for start, end, new in edits:
            text.append(self.text[cursor:start])
            starts.extend(self.starts[cursor:start])
            ends.extend(self.ends[cursor:start])
            if new:
                origin_start = self.starts[start] if start < end else self._origin_at(start)
                origin_end = self.ends[end - 1] if start < end else origin_start
                text.append(new)
                starts.extend([origin_start] * len(new))
                ends.extend([origin_end] * len(new))
            cursor = end
        text.append(self.text[cursor:])
        starts.extend(self.starts[cursor:])
        ends.extend(self.ends[cursor:])
        return NormalisedText("".join(text), tuple(starts), tuple(ends))

    def _origin_at(self, index: int) -> int:
        """Where an insertion at ``index`` sits in the original."""
        if index < len(self.starts):
            return self.starts[index]
        return self.ends[-1] if self.ends else 0


def normalise(text: str) -> NormalisedText:
    """Build the detection view of ``text``; cheap when there is nothing to undo."""
    view = NormalisedText.identity(text)
    view = view.replace(_invisible_characters(view.text))
    view = view.replace(_spelled_emails(view.text))
    return view.replace(_spelled_digit_runs(view.text))


def _invisible_characters(text: str) -> list[tuple[int, int, str]]:
    return [
        (index, index + 1, "")
        for index, char in enumerate(text)
        if unicodedata.category(char) == "Cf"
    ]


def _spelled_emails(text: str) -> list[tuple[int, int, str]]:
    edits = []
    position = 0
    while match := _SPELLED_EMAIL.search(text, position):
        canonical = _canonical_email(match)
        if canonical is None:
            position = match.start() + 1  # retry from the next word: matches may overlap
            continue
        edits.append((match.start(), match.end(), canonical))
        position = match.end()
    return edits


def _canonical_email(match: re.Match[str]) -> str | None:
    """``priya.sharma@gmail.com`` for a spelled-out address; None for anything else."""
    if _PLAIN_EMAIL.fullmatch(match.group(0)):
        return None  # an ordinary address: nothing to undo
    domain = _DOT_ONLY.sub(".", match.group("domain"))
    if not is_public_suffix(domain.rsplit(".", 1)[-1]):
        return None  # "meet at 5 dot 30" is not an address
    return f"{_DOT_ONLY.sub('.', match.group('local'))}@{domain}"


def _spelled_digit_runs(text: str) -> list[tuple[int, int, str]]:
    """Turn runs of number words (mixed with digit groups) into digits, keeping separators."""
    edits: list[tuple[int, int, str]] = []
    run: list[_RunToken] = []
    previous_end = 0
    repeat = 1
    for match in _NUMBER_TOKEN.finditer(text):
        word = match.group(0).lower()
        if run and _RUN_SEPARATOR.fullmatch(text, previous_end, match.start()) is None:
            edits.extend(_close_run(run))
            run = []
        previous_end = match.end()
        if word.isdigit():
            run.append(_RunToken(match.start(), match.end(), word, spelled=False))
        elif word in _REPEATERS:
            run.append(_RunToken(match.start(), match.end(), "", spelled=True))
            repeat = _REPEATERS[word]
            continue
        elif word in _DIGIT_WORDS:
            run.append(_RunToken(match.start(), match.end(), _DIGIT_WORDS[word] * repeat, True))
        else:
            edits.extend(_close_run(run))
            run = []
        repeat = 1
    edits.extend(_close_run(run))
    return edits


@dataclass(frozen=True)
class _RunToken:
    start: int
    end: int
    digits: str
    spelled: bool


def _close_run(run: list[_RunToken]) -> list[tuple[int, int, str]]:
    """The edits for a finished run: only runs that spell out an identifier are converted."""
    if not any(token.spelled for token in run):
        return []
    if sum(len(token.digits) for token in run) < _MIN_SPELLED_DIGITS:
        return []
    return [(token.start, token.end, token.digits) for token in run if token.spelled]
