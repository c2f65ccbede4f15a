"""Indian passport numbers: one letter and seven digits."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType


class PassportRecognizer(PatternRecognizer):
    """The shape alone is common (product codes), so it needs a context word to pass."""

    PATTERN = Pattern("passport", r"\b[A-Za-z]\d{3}\s?\d{4}\b", 0.3)
    CONTEXT = ["passport", "travel", "visa", "document"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.IN_PASSPORT.value,
            patterns=[self.PATTERN],
            context=self.CONTEXT,
        )
