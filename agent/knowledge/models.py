"""What the knowledge base hands back: plain frozen values, safe to pass to the agent and CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnowledgeHit:
    """One passage of company content matching a query.

    ``score`` is the cosine similarity clipped to [0, 1], higher is closer, so callers can set a
    threshold without knowing the vector store's distance convention.
    """

    text: str
    source: str
    heading: str
    score: float


@dataclass(frozen=True)
class IngestFailure:
    """A file that could not be indexed, and why, in words a person can act on."""

    source: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did, counted in files (``chunks_written`` counts passages)."""

    added: int
    replaced: int
    unchanged: int
    removed: int
    chunks_written: int
    failures: tuple[IngestFailure, ...]

    @property
    def failed(self) -> int:
        """Files that could not be indexed."""
        return len(self.failures)
