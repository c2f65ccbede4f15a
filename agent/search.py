"""What the agent and the playbook need from the company's knowledge base: a search.

Protocols only, so neither depends on chromadb; ``agent.knowledge`` is the real implementation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Hit(Protocol):
    """One knowledge-base passage found for a query."""

    @property
    def text(self) -> str:
        """The passage, in Markdown."""
        ...

    @property
    def source(self) -> str:
        """The document it comes from."""
        ...

    @property
    def heading(self) -> str:
        """The heading it sits under."""
        ...

    @property
    def score(self) -> float:
        """Similarity to the query, 0..1, higher is better."""
        ...


class KnowledgeSearch(Protocol):
    """The company's knowledge base, as the playbook needs it."""

    def search(self, query: str, k: int = 4) -> Sequence[Hit]:
        """Up to ``k`` passages for ``query``, best first."""
        ...
