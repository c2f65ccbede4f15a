"""Indian PAN: five letters, four digits, one letter; the fourth letter names the holder type."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType


class PanRecognizer(PatternRecognizer):
    """Requires the four digits, so ten-letter words ("evaluating") can never match."""

    PATTERN = Pattern("pan", r"\b[A-Za-z]{3}[PCHFATBLJGpchfatbljg][A-Za-z]\d{4}[A-Za-z]\b", 0.85)
    CONTEXT = ["pan", "permanent", "account", "income", "tax"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.IN_PAN.value, patterns=[self.PATTERN], context=self.CONTEXT
        )
