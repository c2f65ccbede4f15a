"""Phone numbers: Indian mobiles in every spacing people use, and the world via phonenumbers."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.entities import EntityType
from guardrails.recognizers._result import found
from guardrails.recognizers._text import DIGIT_SEPARATOR, digits_of

# +91 98765 43210, 098765 43210, 9876543210, +91-98765-43210, 9 8 7 6 5 4 3 2 1 0
_INDIAN_MOBILE = re.compile(
    rf"(?<![\d+])(?:(?:\+|00)\s?91{DIGIT_SEPARATOR}|\(?0\)?{DIGIT_SEPARATOR})?"
    rf"[6-9](?:{DIGIT_SEPARATOR}\d){{9}}(?![\s\-.]?\d)"
)
# Any grouped digit run of phone length ("06-82237745", "(491)905-8651x850", "689 556 892"):
# too common a shape to pass alone, so it needs a context word.
_PHONE_SHAPED = re.compile(
    r"(?<![\w+])(?:\+?\d{1,3}[\s\-.])?\(?\d{2,4}\)?[\s\-.]?\d{2,4}(?:[\s\-.]\d{2,5}){0,3}"
    r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\w)"
)
_PHONE_DIGITS = range(8, 16)
# Six- and seven-digit numbers exist (Greenland, the Faroes, many landlines) but only grouped
# ("92 34 70") and with a context word are they taken for phones rather than codes or amounts.
_SHORT_GROUPED = re.compile(r"(?<![\w+.,])\d{2,3}(?:[ \-.]\d{2,3}){2}(?![\w.,]?\d)")
_SHORT_DIGITS = range(6, 8)
# A label right after the number says what it is: "21 291 819 8710-Office", "555 0192 (mobile)".
_LABEL_AFTER = re.compile(
    r"[ \t\-–(:,]{0,3}(?:office|mobile|mob|cell|home|work|fax|tel|phone|whatsapp|landline)\b",
    re.IGNORECASE,
)
# A calendar date has a phone's shape ("2026-11-25", "25-11-2026"); a real phone number written
# exactly like a valid date is far rarer than a date, so these are never taken for phones.
_DATE = re.compile(
    r"(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d{2}"
)
# Regions whose national formats are tried when a number has no country code.
_HOME_REGIONS = ("IN", "US", "GB", "AE", "SG", "AU", "CA")
_MIN_DIGITS = min(_SHORT_DIGITS)


class PhoneNumberRecognizer(EntityRecognizer):
    """Scores reflect certainty: a country code or a valid national number pass on their own;
    a bare digit run that is merely possible needs a context word ("call", "mobile")."""

    CONTEXT = ["phone", "mobile", "number", "call", "whatsapp", "contact", "reach", "tel",
               "cell", "landline", "num", "mob", "fax", "office", "message", "registered",
               "sms", "text", "dial", "ring", "line"]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.PHONE_NUMBER.value], context=self.CONTEXT)

    def load(self) -> None:
        """Nothing to load: phonenumbers' metadata is imported with the module."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find phone numbers in ``text``."""
        if sum(char.isdigit() for char in text) < _MIN_DIGITS:
            return []
        results = [found(self, m.start(), m.end(), 0.85) for m in _INDIAN_MOBILE.finditer(text)]
        for match in PhoneNumberMatcher(text, "IN", leniency=Leniency.POSSIBLE):
            if match.start > 0 and text[match.start - 1].isalpha():
                continue  # "J8369854" is a document number, not a phone
            if any(r.start <= match.start and match.end <= r.end for r in results):
                continue  # already found as an Indian mobile
            score = self._score(match.raw_string)
            results.append(found(self, match.start, match.end, score))
        shaped = [m for m in _PHONE_SHAPED.finditer(text) if len(digits_of(m[0])) in _PHONE_DIGITS]
        shaped += [
            m for m in _SHORT_GROUPED.finditer(text) if len(digits_of(m[0])) in _SHORT_DIGITS
        ]
        results.extend(
            found(self, m.start(), m.end(), 0.4 if len(digits_of(m[0])) in _PHONE_DIGITS else 0.3)
            for m in shaped
            if not any(r.start <= m.start() and m.end() <= r.end for r in results)
        )
        results = [r for r in results if not _DATE.fullmatch(text[r.start : r.end].strip())]
        for result in results:
            if _LABEL_AFTER.match(text, result.end):
                result.score = max(result.score, 0.6)
        return results

    @staticmethod
    def _score(raw: str) -> float:
        if raw.lstrip("(").startswith(("+", "00")):
            return 0.85
        for region in _HOME_REGIONS:
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return 0.75 if len(digits_of(raw)) >= 10 or raw != digits_of(raw) else 0.6
        return 0.35
