"""One workspace's knowledge base: company documents in, relevant passages out.

Each passage is stored with its source (the file's path relative to the ingested directory), its
index in the file, its heading path and the SHA-256 of the file. The digest is what makes ingestion
incremental: a file whose digest is stored already is skipped, a changed file's new passages are
written before every passage of an older digest is deleted (so the file is never missing from
search), and a directory's ingest removes the passages of files no longer in it.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tqdm import tqdm

from agent.knowledge.chunking import Chunk
from agent.knowledge.documents import SUPPORTED_SUFFIXES, read_chunks
from agent.knowledge.embeddings import MiniLMEmbeddingFunction
from agent.knowledge.errors import DocumentUnreadable, SourceNotFound
from agent.knowledge.models import IngestFailure, IngestReport, KnowledgeHit
from agent.knowledge.naming import collection_name

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import Embeddable, EmbeddingFunction
    from chromadb.base_types import (
        InclusionExclusionOperator,
        LiteralValue,
        LogicalOperator,
        Where,
        WhereOperator,
    )

logger = logging.getLogger(__name__)
WRITE_BATCH = 64  # passages embedded and written at a time
READ_PAGE = 1000  # stored records read at a time when listing digests


@dataclass
class _Tally:
    """The counts of an ingest run while it goes on."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_written: int = 0
    failures: list[IngestFailure] = field(default_factory=list)

    def report(self) -> IngestReport:
        """The final, frozen counts."""
        return IngestReport(
            self.added,
            self.replaced,
            self.unchanged,
            self.removed,
            self.chunks_written,
            tuple(self.failures),
        )


class KnowledgeBase:
    """The knowledge base of ``workspace``, in its own collection of ``client``."""

    def __init__(self, client: ClientAPI, workspace: str) -> None:
        """Open (or create) the workspace's collection; the embedding model loads on first use."""
        self._embedder = MiniLMEmbeddingFunction()
        self._collection: Collection = client.get_or_create_collection(
            collection_name(workspace),
            # typed for images too by chromadb; this function embeds the text it is given
            embedding_function=cast("EmbeddingFunction[Embeddable]", self._embedder),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"workspace": workspace},
        )

    def ingest(self, path: Path, *, progress: bool = False) -> IngestReport:
        """Index the Markdown, text and PDF files of a directory (recursively), or one file.

        A directory is mirrored: passages of files no longer in it are removed. A file that cannot
        be read is reported in the result and the others go on; passages it had from an earlier
        ingest are kept. ``progress`` shows a bar on stderr when stderr is a terminal.
        """
        root, files = _discover(path)
        stored = self._stored_digests()
        tally = _Tally()
        for file in _progress(files, progress):
            self._ingest_file(root, file, stored, tally)
        if path.is_dir():
            present = {file.relative_to(root).as_posix() for file in files}
            gone = sorted(set(stored) - present)
            if gone:
                self._collection.delete(where=_source_in(gone))
            tally.removed = len(gone)
        report = tally.report()
        logger.info(
            "knowledge ingest finished",
            extra={
                "added": report.added,
                "replaced": report.replaced,
                "unchanged": report.unchanged,
                "removed": report.removed,
                "failed": report.failed,
                "chunks": report.chunks_written,
            },
        )
        return report

    def search(self, query: str, k: int = 4) -> list[KnowledgeHit]:
        """The ``k`` passages closest to ``query``, best first; [] for an empty knowledge base
        or a blank query."""
        if k < 1:
            raise ValueError(f"k must be at least 1, not {k}")
        available = self._collection.count()
        if not query.strip() or available == 0:
            return []
        result = self._collection.query(
            query_texts=[query],
            n_results=min(k, available),
            include=["documents", "metadatas", "distances"],
        )
        documents = (result["documents"] or [[]])[0]
        metadatas = (result["metadatas"] or [[]])[0]
        distances = (result["distances"] or [[]])[0]
        hits = [
            KnowledgeHit(
                text=document,
                source=str(metadata["source"]),
                heading=str(metadata["heading"]),
                score=min(1.0, max(0.0, 1.0 - float(distance))),
            )
            for document, metadata, distance in zip(documents, metadatas, distances, strict=True)
        ]
        logger.info("knowledge search", extra={"k": k, "hits": len(hits)})
        return hits

    def _ingest_file(
        self, root: Path, file: Path, stored: dict[str, set[str]], tally: _Tally
    ) -> None:
        source = file.relative_to(root).as_posix()
        try:
            data = file.read_bytes()
        except OSError as exc:
            tally.failures.append(IngestFailure(source, f"cannot read: {exc.strerror}"))
            return
        digest = hashlib.sha256(data).hexdigest()
        if stored.get(source) == {digest}:
            tally.unchanged += 1
            return
        try:
            chunks = read_chunks(file.suffix, data)
        except DocumentUnreadable as exc:
            tally.failures.append(IngestFailure(source, str(exc)))
            logger.warning("knowledge file unreadable", extra={"suffix": file.suffix.lower()})
            return
        self._write(source, digest, chunks)
        tally.chunks_written += len(chunks)
        if source in stored:
            self._collection.delete(where=_older_versions(source, digest))
            tally.replaced += 1
        else:
            tally.added += 1

    def _write(self, source: str, digest: str, chunks: Sequence[Chunk]) -> None:
        """Embed each passage with its heading in front (the heading often names the subject
        the passage leaves implicit) and store the passage alone as the document."""
        for start in range(0, len(chunks), WRITE_BATCH):
            batch = chunks[start : start + WRITE_BATCH]
            indices = range(start, start + len(batch))
            self._collection.upsert(
                ids=[f"{source}:{digest[:16]}:{index}" for index in indices],
                embeddings=self._embedder([_embedded_text(chunk) for chunk in batch]),
                documents=[chunk.text for chunk in batch],
                metadatas=[
                    {"source": source, "chunk": index, "heading": chunk.heading, "sha256": digest}
                    for index, chunk in zip(indices, batch, strict=True)
                ],
            )

    def _stored_digests(self) -> dict[str, set[str]]:
        """Every stored source and the file digests its passages carry (more than one only
        when an earlier replacement was interrupted)."""
        digests: dict[str, set[str]] = {}
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas"], limit=READ_PAGE, offset=offset)
            for metadata in page["metadatas"] or []:
                digests.setdefault(str(metadata["source"]), set()).add(str(metadata["sha256"]))
            if len(page["ids"]) < READ_PAGE:
                return digests
            offset += READ_PAGE


def _source_in(sources: list[str]) -> Where:
    among: dict[InclusionExclusionOperator, list[LiteralValue]] = {"$in": list(sources)}
    return {"source": among}


def _older_versions(source: str, digest: str) -> Where:
    other: dict[WhereOperator | LogicalOperator, LiteralValue] = {"$ne": digest}
    return {"$and": [{"source": source}, {"sha256": other}]}


def _embedded_text(chunk: Chunk) -> str:
    return f"{chunk.heading}\n\n{chunk.text}" if chunk.heading else chunk.text


def _discover(path: Path) -> tuple[Path, list[Path]]:
    """The directory sources are relative to, and the supported files to read, in order.
    Hidden files and folders (``.git``, ``.DS_Store``) are skipped."""
    if path.is_dir():
        files = sorted(
            file
            for file in path.rglob("*")
            if file.is_file()
            and file.suffix.lower() in SUPPORTED_SUFFIXES
            and not any(part.startswith(".") for part in file.relative_to(path).parts)
        )
        return path, files
    if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
        return path.parent, [path]
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    raise SourceNotFound(f"{path} is neither a directory nor a {kinds} file")


def _progress(files: list[Path], enabled: bool) -> Iterator[Path]:
    yield from tqdm(
        files,
        unit="file",
        desc="ingest",
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
    )
