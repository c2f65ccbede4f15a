"""Reading a company document (Markdown, plain text or PDF) into passages.

Every way a file can be unusable — not UTF-8, a damaged or encrypted PDF, no text at all — becomes
one :class:`DocumentUnreadable` with a reason a person can act on, so ingestion can report the file
and go on with the others.
"""

from __future__ import annotations

import io
import logging

from agent.knowledge.chunking import Chunk, chunk_markdown, chunk_text
from agent.knowledge.errors import DocumentUnreadable

SUPPORTED_SUFFIXES = frozenset({".md", ".txt", ".pdf"})


def read_chunks(suffix: str, data: bytes) -> list[Chunk]:
    """The passages of a file's bytes, read according to its suffix (one of SUPPORTED_SUFFIXES)."""
    suffix = suffix.lower()
    if suffix == ".pdf":
        chunks = _pdf_chunks(data)
        if not chunks:
            raise DocumentUnreadable("no extractable text (a scanned PDF needs OCR first)")
        return chunks
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentUnreadable(f"unsupported file type {suffix!r}")
    text = _decode(data)
    chunks = chunk_markdown(text) if suffix == ".md" else chunk_text(text)
    if not chunks:
        raise DocumentUnreadable("the file holds no text")
    return chunks


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentUnreadable(
            f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from exc


def _pdf_chunks(data: bytes) -> list[Chunk]:
    """One heading per page ("page 3"), so a passage can be traced back to where it is."""
    from pypdf import PdfReader

    # pypdf logs every repair it makes to a damaged file; the outcome is reported per file instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        pages = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many exception types on malformed files
        raise DocumentUnreadable(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if encrypted:
        raise DocumentUnreadable("the PDF is encrypted; save an unprotected copy")
    chunks: list[Chunk] = []
    for number, text in enumerate(pages, start=1):
        chunks += chunk_text(text, f"page {number}")
    return chunks
