"""What detection returns: typed spans of the original text, never the values themselves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """A span of personal data in the original text. Holds no value, so it is safe to log."""

    start: int
    end: int
    entity_type: str
    score: float

    def to_dict(self) -> dict[str, object]:
        """The CLI's JSON shape: ``{"type", "start", "end", "score"}``."""
        return {
            "type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 2),
        }


@dataclass(frozen=True)
class Redaction:
    """A redacted text and the findings, which point into the original text."""

    text: str
    findings: tuple[Finding, ...]
