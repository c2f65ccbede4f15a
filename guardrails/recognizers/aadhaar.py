"""Aadhaar numbers: 12 digits, first 2-9, with a valid Verhoeff check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.in_ import aadhaar

from guardrails.entities import EntityType
from guardrails.recognizers._text import DIGIT_SEPARATOR, digits_of, spaced_digits


class AadhaarRecognizer(PatternRecognizer):
    """Only checksum-valid numbers count: a random 12-digit number fails 9 times in 10."""

    PATTERN = Pattern(
        "aadhaar", rf"(?<!\d[\s\-.]?)[2-9]{DIGIT_SEPARATOR}{spaced_digits(11)}(?![\s\-.]?\d)", 0.5
    )

    def __init__(self) -> None:
        super().__init__(supported_entity=EntityType.IN_AADHAAR.value, patterns=[self.PATTERN])

    def validate_result(self, pattern_text: str) -> bool:
        """Verhoeff check, and not a palindrome (which UIDAI never issues)."""
        return bool(aadhaar.is_valid(digits_of(pattern_text)))
