"""E-mail addresses, validated against the bundled public suffix list (no network)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType
from guardrails.offline import is_public_suffix


class EmailAddressRecognizer(PatternRecognizer):
    """``priya.sharma@gmail.com``; spelled-out forms arrive here already undone by normalise."""

    PATTERN = Pattern(
        "email",
        r"(?<![\w.+-])[\w.+\-']{1,64}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
        0.5,
    )

    def __init__(self) -> None:
        super().__init__(supported_entity=EntityType.EMAIL_ADDRESS.value, patterns=[self.PATTERN])

    def validate_result(self, pattern_text: str) -> bool:
        """An address counts when its domain ends in a real public suffix."""
        domain = pattern_text.rsplit("@", 1)[-1].lower().rstrip(".")
        labels = domain.split(".")
        return any(is_public_suffix(".".join(labels[i:])) for i in range(1, len(labels)))
