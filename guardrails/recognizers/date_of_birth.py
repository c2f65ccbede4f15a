"""Dates of birth: a date is personal data only when the text says it is a birth date."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.entities import EntityType
from guardrails.recognizers._result import found

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d{2}"
_DATE = re.compile(
    rf"\b(?:{_DAY}[/\-.]\d{{1,2}}[/\-.]{_YEAR}"  # 12/03/1990, 12-3-90
    rf"|(?:19|20)\d{{2}}[/\-.]\d{{1,2}}[/\-.]\d{{1,2}}"  # 1990-03-12
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH}\.?,?\s+{_YEAR}"  # 12th March 1990
    rf"|{_MONTH}\.?\s+{_DAY},?\s+{_YEAR})\b",  # March 12, 1990
    re.IGNORECASE,
)
# The cue must come shortly before the date, with no sentence break in between.
_CUE = re.compile(
    r"\b(?:born|birth|dob|d\.o\.b|birthday|bday|b'day|janam(?:din)?|janm|date of birth)\b"
    r"[^.!?\n]{0,40}$",
    re.IGNORECASE,
)
_CUE_WINDOW = 60


class DateOfBirthRecognizer(EntityRecognizer):
    """A date with a birth cue before it ("DOB: 12/03/1990", "born on 4 May 1988")."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.DATE_OF_BIRTH.value])

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Dates preceded by a birth cue; every other date is business context and stays."""
        return [
            found(self, match.start(), match.end(), 0.85)
            for match in _DATE.finditer(text)
            if _CUE.search(text, max(0, match.start() - _CUE_WINDOW), match.start())
        ]
