"""Dates of birth: a date is personal data when the text says it is a birth date, or when it
is a full date too long ago to be a business one.

A sales conversation's dates are deadlines and meetings: this year, next year, perhaps the
last few. A complete day, month and year decades back ("since 8/18/1992") is far more often
somebody's birthday than a business fact, so it is redacted, at a lower score, even without
a birth cue; a year alone ("founded in 1992") is never matched.
"""

from __future__ import annotations

import datetime as dt
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
    rf"\b(?:{_DAY}[/\-.]\d{{1,2}}[/\-.](?P<y1>{_YEAR})"  # 12/03/1990, 12-3-90, 4/24/1960
    rf"|(?P<y2>(?:19|20)\d{{2}})[/\-.]\d{{1,2}}[/\-.]\d{{1,2}}"  # 1990-03-12
    rf"|{_DAY}(?:\s+of)?[\s\-/.]+{_MONTH}\.?,?[\s\-/.]+(?P<y3>{_YEAR})"  # 12th March 1990
    rf"|{_MONTH}\.?\s+{_DAY},?\s+(?P<y4>{_YEAR}))\b",  # March 12, 1990
    re.IGNORECASE,
)
# The cue comes shortly before the date, on the same line; a sentence break may sit between
# ("Please tell me your date of birth. It's 4/24/1960").
_CUE = re.compile(
    r"\b(?:born|birth|dob|d\.o\.b|birthday|bday|b'day|janam(?:din)?|janm|date of birth)\b"
    r"[^\n]{0,40}$",
    re.IGNORECASE,
)
_CUE_WINDOW = 60
# A birth date with a cue is at least this many years old: no lead is a small child, and the
# date "DOB of the contract: 1/4/2025" is not one.
_MIN_AGE_WITH_CUE = 10
# Without a cue, a full date must be this old to be taken for a birth date.
_MIN_AGE_WITHOUT_CUE = 18


class DateOfBirthRecognizer(EntityRecognizer):
    """A date with a birth cue before it ("DOB: 12/03/1990", "born on 4 May 1988"), or a full
    date at least eighteen years back."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.DATE_OF_BIRTH.value])

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Dates preceded by a birth cue, and full dates long past; others are business."""
        this_year = dt.date.today().year
        results = []
        for match in _DATE.finditer(text):
            age = this_year - _year(match)
            if _CUE.search(text, max(0, match.start() - _CUE_WINDOW), match.start()):
                if age >= _MIN_AGE_WITH_CUE:
                    results.append(found(self, match.start(), match.end(), 0.85))
            elif age >= _MIN_AGE_WITHOUT_CUE:
                results.append(found(self, match.start(), match.end(), 0.6))
        return results


def _year(match: re.Match[str]) -> int:
    """The four-digit year of a matched date; "90" is 1990 and "05" 2005."""
    year = next(group for group in match.group("y1", "y2", "y3", "y4") if group)
    if len(year) == 4:
        return int(year)
    pivot = dt.date.today().year % 100
    return int(year) + (2000 if int(year) <= pivot else 1900)
