"""Indian voter ids (EPIC numbers): three letters and seven digits."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType


class VoterIdRecognizer(PatternRecognizer):
    """Three letters and seven digits rarely mean anything else in a sales chat."""

    PATTERN = Pattern("epic", r"\b[A-Za-z]{3}\d{7}\b", 0.55)
    CONTEXT = ["voter", "epic", "election", "card"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.IN_VOTER.value,
            patterns=[self.PATTERN],
            context=self.CONTEXT,
        )
