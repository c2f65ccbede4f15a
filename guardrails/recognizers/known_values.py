"""Values the caller already knows belong to the prospect, found in any spelling.

The channel tells us the contact's profile name, phone number, e-mail address and ids before the
prospect types a word. Seeded into the conversation's vault, they are found here even where NER
and the patterns miss them: any case, spacing or digit grouping, and a first name alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from guardrails.entities import EntityType
from guardrails.recognizers._result import found
from guardrails.recognizers._text import DIGIT_SEPARATOR, NAME_WORD, digits_of

# A phone number is matched on its last digits, so "+91 98765 43210" also finds "98765 43210".
_SIGNIFICANT_DIGITS = 10
_MIN_DIGITS_FOR_DIGIT_MATCH = 6
_MIN_NAME_PART = 3


@dataclass(frozen=True)
class KnownValue:
    """An identifier the caller knows, with its type: ``KnownValue("PERSON", "Priya Sharma")``."""

    entity_type: str
    value: str


class KnownValuesRecognizer(EntityRecognizer):
    """Built per conversation from its vault's known values; every match is certain."""

    NAME = "KnownValuesRecognizer"  # what Presidio records as the source of its results

    def __init__(self, known: Iterable[KnownValue]) -> None:
        self._patterns = [(k.entity_type, p) for k in known for p in _patterns_for(k)]
        super().__init__(
            supported_entities=sorted({entity for entity, _ in self._patterns}),
            name=self.NAME,
        )

    def load(self) -> None:
        """Nothing to load: the patterns are built in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every occurrence of every known value."""
        return [
            found(self, match.start(), match.end(), 1.0, entity)
            for entity, pattern in self._patterns
            for match in pattern.finditer(text)
        ]


def _patterns_for(known: KnownValue) -> list[re.Pattern[str]]:
    value = known.value.strip()
    if not value:
        return []
    digits = digits_of(value)
    if len(digits) >= _MIN_DIGITS_FOR_DIGIT_MATCH and len(digits) * 2 >= len(value):
        tail = digits[-_SIGNIFICANT_DIGITS:]
        spaced = DIGIT_SEPARATOR.join(tail)
        return [re.compile(rf"(?<!\d){spaced}(?!\d)")]
    patterns = [_literal(value)]
    if known.entity_type == EntityType.PERSON:
        patterns.extend(_literal(part) for part in name_parts(value))
    elif known.entity_type == EntityType.EMAIL_ADDRESS and "@" in value:
        local = value.split("@", 1)[0]
        if len(local) >= _MIN_NAME_PART + 2:
            patterns.append(_literal(local))
    return patterns


def name_parts(name: str) -> list[str]:
    """The parts of a person's name worth finding alone: "Priya Sharma" -> ["Priya", "Sharma"].

    Parts shorter than three letters ("Li", initials) and common English words ("Will", "May")
    are left out: alone they are far more often something else. The wire check (leak_check)
    follows the same rule, so it never blocks a word the pseudonymiser rightly left in place.
    """
    parts = {
        part.group(0)
        for part in NAME_WORD.finditer(name)
        if len(part.group(0)) >= _MIN_NAME_PART and part.group(0).lower() not in STOP_WORDS
    }
    return sorted(parts)


def _literal(value: str) -> re.Pattern[str]:
    """Case-insensitive, any run of whitespace for a space, whole words only."""
    body = r"\s+".join(re.escape(part) for part in value.split())
    return re.compile(rf"(?<![\w@.]){body}(?![\w@]|\.\w)", re.IGNORECASE)
