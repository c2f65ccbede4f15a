"""Indian GSTIN: state code, PAN, entity number, 'Z', and a mod-36 check character."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.in_ import gstin

from guardrails.entities import EntityType


class GstinRecognizer(PatternRecognizer):
    """A valid checksum makes it certain; a well-formed one with a bad checksum still counts."""

    PATTERN = Pattern("gstin", r"\b\d{2}[A-Za-z]{5}\d{4}[A-Za-z][1-9A-Za-z][Zz][0-9A-Za-z]\b", 0.7)
    CONTEXT = ["gst", "gstin", "gst no", "tax"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.IN_GSTIN.value,
            patterns=[self.PATTERN],
            context=self.CONTEXT,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Certain when the checksum holds; otherwise the pattern's own score stands."""
        return True if gstin.is_valid(pattern_text.upper()) else None
