"""IFSC bank branch codes: four letters, a zero, six letters or digits."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType


class IfscRecognizer(PatternRecognizer):
    """The fixed zero in fifth place makes the shape specific enough on its own."""

    PATTERN = Pattern("ifsc", r"\b[A-Za-z]{4}0[A-Za-z0-9]{6}\b", 0.6)
    CONTEXT = ["ifsc", "bank", "branch", "neft", "rtgs", "imps"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.IFSC_CODE.value,
            patterns=[self.PATTERN],
            context=self.CONTEXT,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """At least one digit in the branch part: "ABCD0EFGHIJ" is more likely a word."""
        return any(char.isdigit() for char in pattern_text[5:]) or pattern_text[:4].isupper()
