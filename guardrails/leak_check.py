"""The last look before a request leaves: does this text hold one of the conversation's real values?

Pseudonymisation should already have replaced every real value with a placeholder. This check is
the defence in depth behind it: given the values the conversation's vault holds, it finds any of
them in any spelling and reports only their entity types, never the values, so its findings are
safe to log and to put in an audit entry.

Both sides are folded the same way first: Unicode NFKC, invisible format characters (category Cf:
zero-width spaces and joiners, soft hyphens) removed, digits of any script made ASCII, casefolded,
whitespace collapsed. Then:

- Digit identifiers (phone, Aadhaar, card and bank-account numbers, and any value of six digits or
  more without letters) are compared on their digits. A run of digits in the text may hold spaces,
  hyphens, dots, brackets, slashes and plus signs but no letters; it leaks a value when the value's
  digits appear in it, so a country code or trunk prefix in front changes nothing. A phone number
  is compared on its last ten digits: "+91 98765 43210", "098765-43210" and "9876543210" are one.
- Every other value is a sequence of words: letter runs, digit runs and the symbols "@", "+", "&".
  Between them the text may put up to three separators of any kind, or none, so "Priya  SHARMA",
  "priya.sharma", "priya_sharma", "PriyaSharma" and "ABCPS-1234-K" are found. A match must start
  and end on a word boundary, so "Raj" is not found in "Rajasthan".
- A person's name is also looked for part by part, with the pseudonymiser's own rule for which
  parts count (``name_parts``): three letters or more and not a common English word, so "priya"
  alone is found but the verb "will" does not block a conversation with a Will.

Values with fewer than two letters or digits are skipped: a single character would be found in
almost every request. E-mail local parts are not looked for alone: "sales" or "info" would block
every request that mentions them. Placeholders ("<PERSON_1>") are removed before matching, so a
pseudonymised text is never reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import groupby
from typing import Literal, Protocol
from weakref import WeakKeyDictionary

from guardrails.entities import EntityType
from guardrails.recognizers.known_values import name_parts
from guardrails.vault import DIGIT_TYPES, PHONE_DIGITS, PLACEHOLDER

_MIN_DIGITS = 6  # fewer digits are too common (years, amounts) to compare as a digit run
_MIN_WORD_CHARS = 2  # letters and digits a word value needs to be looked for at all
_MAX_SEPARATORS = 3
_SYMBOLS = frozenset("@+&")  # kept as words: they tell an e-mail or UPI id from a name

_DIGIT_RUN = re.compile(r"[0-9](?:[\s\-.()/+]{0,3}[0-9])*")
_NOT_DIGIT = re.compile(r"[^0-9]")
_JOINER = "\x00"  # between the strings of a JSON document: no separator, so nothing spans two


def _mark_ranges() -> str:
    """The combining marks of the Basic Multilingual Plane as a character-class body.

    Python's ``\\w`` does not count them as word characters, yet Indic vowel signs sit inside
    words: without them "प्रिया" would have a word boundary in its middle.
    """
    marks = [code for code in range(0x10000) if unicodedata.category(chr(code))[0] == "M"]
    ranges: list[str] = []
    # Consecutive code points share ``code - position``: each group is one range.
    for _, group in groupby(enumerate(marks), key=lambda pair: pair[1] - pair[0]):
        codes = [code for _, code in group]
        ranges.append(f"\\u{codes[0]:04x}-\\u{codes[-1]:04x}")
    return "".join(ranges)


_WORD_CHAR = rf"(?:[^\W_]|[{_mark_ranges()}])"
_SEPARATOR = rf"(?:[^\w{_JOINER}]|_){{0,{_MAX_SEPARATORS}}}"


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table built as characters are met: drops Cf, makes digits ASCII."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        folded: str | None = char
        if unicodedata.category(char) == "Cf":
            folded = None
        elif not char.isascii() and (digit := unicodedata.digit(char, None)) is not None:
            folded = str(digit)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The form both sides are compared in: NFKC, no Cf, ASCII digits, casefolded, spaces collapsed.

    ``"Priya\\u200b SHARMA ९८७"`` -> ``"priya sharma 987"``.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():  # ASCII has no format characters and no other digits
        text = text.translate(_FOLD)
    return " ".join(text.casefold().split())


class HoldsRealValues(Protocol):
    """A conversation's vault, as far as the wire check needs it."""

    def real_values(self) -> list[tuple[str, str]]:
        """Every real value held, with its entity type."""


class LeakDetector:
    """One conversation's real values, compiled once, found in any spelling in any text."""

    def __init__(
        self, words: Mapping[str, frozenset[str]], digits: Mapping[str, frozenset[str]]
    ) -> None:
        """Use :meth:`from_values`: this takes the word regexes and digit keys it builds."""
        # Longest first: at one position the alternation takes the first that matches, so a
        # whole e-mail address is matched rather than the first name it starts with.
        ordered = sorted(words, key=len, reverse=True)
        # Without capturing groups the engine can dispatch on the first character; which value
        # matched is found afterwards, on the (rare) matches only.
        self._words = (
            re.compile(rf"(?<!{_WORD_CHAR})(?:{'|'.join(ordered)})(?!{_WORD_CHAR})")
            if ordered
            else None
        )
        self._word_values = [(re.compile(source), words[source]) for source in ordered]
        self._digit_keys = dict(digits)
        self._digit_lengths = sorted({len(key) for key in digits})

    @classmethod
    def from_values(cls, pairs: Iterable[tuple[str, str]]) -> LeakDetector:
        """Compile ``(entity type, real value)`` pairs, e.g. ``("PERSON", "Priya Sharma")``."""
        digits: dict[str, set[str]] = defaultdict(set)
        words: dict[str, set[str]] = defaultdict(set)
        for entity_type, value in pairs:
            folded = fold(value)
            value_digits = _NOT_DIGIT.sub("", folded)
            has_letters = any(char.isalpha() for char in folded)
            if len(value_digits) >= _MIN_DIGITS and (entity_type in DIGIT_TYPES or not has_letters):
                phone = entity_type == EntityType.PHONE_NUMBER
                digits[value_digits[-PHONE_DIGITS:] if phone else value_digits].add(entity_type)
                continue
            spellings = [folded]
            if entity_type == EntityType.PERSON:
                spellings.extend(name_parts(folded))
            for spelling in spellings:
                if (source := _word_source(spelling)) is not None:
                    words[source].add(entity_type)
        return cls(
            {source: frozenset(types) for source, types in words.items()},
            {key: frozenset(types) for key, types in digits.items()},
        )

    @classmethod
    def for_vault(cls, vault: HoldsRealValues) -> LeakDetector:
        """The detector of everything ``vault`` holds, compiled again only when that changed.

        Every model call of a turn asks for it; most add no new value, so this is a lookup, not
        a regex compilation, on the hot path. The memo lives and dies with the vault (a turn's),
        so no real value outlives the conversation's own objects in memory."""
        values = frozenset(vault.real_values())
        memo = _BY_VAULT.get(vault)
        if memo is None or memo[0] != values:
            memo = (values, cls.from_values(values))
            _BY_VAULT[vault] = memo
        return memo[1]

    def find(self, text: str) -> list[str]:
        """The entity types of the real values in ``text``, sorted; empty when it is clean."""
        folded = fold(PLACEHOLDER.sub(" ", text))
        found: set[str] = set()
        if self._words is not None:
            for match in self._words.finditer(folded):
                found.update(
                    entity_type
                    for pattern, types in self._word_values
                    if pattern.fullmatch(match.group(0))
                    for entity_type in types
                )
        if self._digit_keys:
            for run in _DIGIT_RUN.finditer(folded):
                found |= self._digit_types(_NOT_DIGIT.sub("", run.group(0)))
        return sorted(found)

    def find_in_json(self, obj: object) -> list[str]:
        """Like :meth:`find`, over every string (keys too) and number in decoded JSON."""
        return self.find(_JOINER.join(_json_texts(obj)))

    def _digit_types(self, digits: str) -> set[str]:
        found: set[str] = set()
        for length in self._digit_lengths:
            for start in range(len(digits) - length + 1):
                types = self._digit_keys.get(digits[start : start + length])
                if types is not None:
                    found |= types
        return found


def _word_source(spelling: str) -> str | None:
    """The regex for one folded word value, or None when it is too short to look for."""
    words: list[str] = []
    current = ""
    for char in spelling:
        kind = _char_kind(char)
        if current and (kind != _char_kind(current[-1]) or kind == "symbol"):
            words.append(current)
            current = ""
        if kind != "separator":
            current += char
    if current:
        words.append(current)
    if sum(len(word) for word in words if _char_kind(word[0]) != "symbol") < _MIN_WORD_CHARS:
        return None
    return _SEPARATOR.join(re.escape(word) for word in words)


_Kind = Literal["digit", "symbol", "letter", "separator"]


def _char_kind(char: str) -> _Kind:
    if char.isascii() and char.isdigit():
        return "digit"
    if char in _SYMBOLS:
        return "symbol"
    if unicodedata.category(char)[0] in "LM":
        return "letter"
    return "separator"


def _json_texts(obj: object) -> list[str]:
    """Every string and number in a decoded JSON document, keys included, depth first."""
    texts: list[str] = []
    pending: list[object] = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int | float):
            texts.append(repr(item))
        elif isinstance(item, Mapping):
            for key, value in item.items():
                texts.append(str(key))
                pending.append(value)
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return texts


# Each live vault's values and their compiled detector (see LeakDetector.for_vault).
_BY_VAULT: WeakKeyDictionary[HoldsRealValues, tuple[frozenset[tuple[str, str]], LeakDetector]] = (
    WeakKeyDictionary()
)
