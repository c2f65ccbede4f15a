"""``aspinix kb ingest DIR`` and ``aspinix kb search QUERY``: the workspace's knowledge base.

chromadb and the embedding model are imported here, when a ``kb`` command runs, never by
``aspinix --help`` or the other commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

from agent.knowledge import (
    EmbeddingModelMissing,
    InvalidChromaUrl,
    KnowledgeBase,
    KnowledgeBaseUnavailable,
    SourceNotFound,
    open_knowledge_base,
)
from aspinix.settings import Settings
from aspinix.startup import StartupError

SNIPPET_CHARS = 240


def run_kb_ingest(settings: Settings, directory: str, progress: bool) -> int:
    """Ingest ``directory``; print the counts, and each failed file on stderr.
    Exit code 0, 1 when some file could not be read, 2 when the path is not usable."""
    knowledge = _open(settings)
    try:
        report = knowledge.ingest(Path(directory), progress=progress)
    except SourceNotFound as exc:
        print(f"aspinix kb: {exc}", file=sys.stderr)
        return 2
    for failure in report.failures:
        print(f"aspinix kb: {failure.source}: {failure.reason}", file=sys.stderr)
    print(
        f"workspace {settings.workspace}: {report.added} added, {report.replaced} replaced, "
        f"{report.unchanged} unchanged, {report.removed} removed, {report.failed} failed "
        f"({report.chunks_written} passages written)"
    )
    return 1 if report.failed else 0


def run_kb_search(settings: Settings, query: str, k: int) -> int:
    """Print the ``k`` best passages for ``query``: score, source, heading, then a snippet."""
    if k < 1:
        print("aspinix kb: -k must be at least 1", file=sys.stderr)
        return 2
    hits = _open(settings).search(query, k)
    if not hits:
        print(
            f"aspinix kb: no passages found in workspace {settings.workspace}; "
            "has anything been ingested (aspinix kb ingest DIR)?",
            file=sys.stderr,
        )
    for hit in hits:
        heading = f" — {hit.heading}" if hit.heading else ""
        print(f"{hit.score:.3f}  {hit.source}{heading}")
        print(f"       {_snippet(hit.text)}")
    return 0


def _open(settings: Settings) -> KnowledgeBase:
    try:
        return open_knowledge_base(settings)
    except (KnowledgeBaseUnavailable, InvalidChromaUrl, EmbeddingModelMissing) as exc:
        raise StartupError(str(exc)) from exc


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"
