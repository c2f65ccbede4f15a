"""Payment card numbers: 13-19 digits, grouped any way, with a valid Luhn check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import luhn

from guardrails.entities import EntityType
from guardrails.recognizers._text import DIGIT_SEPARATOR, digits_of


class CardRecognizer(PatternRecognizer):
    """Luhn-valid runs starting like a card network's numbers (2-6)."""

    PATTERN = Pattern(
        "card", rf"(?<!\d[\s\-.]?)[2-6](?:{DIGIT_SEPARATOR}\d){{12,18}}(?![\s\-.]?\d)", 0.4
    )

    def __init__(self) -> None:
        super().__init__(supported_entity=EntityType.CREDIT_CARD.value, patterns=[self.PATTERN])

    def validate_result(self, pattern_text: str) -> bool:
        """Luhn holds, and the number is not one repeated digit."""
        digits = digits_of(pattern_text)
        return 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn.is_valid(digits)
