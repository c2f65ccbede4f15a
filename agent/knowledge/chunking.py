"""Splitting documents into passages small enough to embed and specific enough to retrieve.

MiniLM reads at most 256 word pieces, so a passage holds at most :data:`MAX_WORDS` words (about
that many pieces for plain English). Markdown is cut at headings first, then between paragraphs;
only a paragraph longer than a passage is cut inside. Consecutive passages of one section share
:data:`OVERLAP_WORDS` words, so a sentence cut at a boundary is still whole in one of them. Each
passage keeps its heading path ("Pricing > Plans > Growth") as context: the passage alone may not
say what it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 200
OVERLAP_WORDS = 30
HEADING_SEPARATOR = " > "

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Chunk:
    """A passage of a document and the heading path it sits under ("" when there is none)."""

    text: str
    heading: str


def chunk_markdown(text: str) -> list[Chunk]:
    """Passages of a Markdown document, cut at headings (outside code fences) and paragraphs."""
    chunks: list[Chunk] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            body.append(line)
            continue
        chunks += chunk_text("\n".join(body), _joined(path))
        body = []
        level = len(heading.group(1))
        while path and path[-1][0] >= level:
            path.pop()
        path.append((level, heading.group(2).strip()))
    chunks += chunk_text("\n".join(body), _joined(path))
    return chunks


def chunk_text(text: str, heading: str = "") -> list[Chunk]:
    """Passages of plain text, cut between paragraphs (blank lines), all under ``heading``."""
    pieces: list[str] = []
    for paragraph in _BLANK_LINES.split(text.replace("\r\n", "\n")):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        words = paragraph.split()
        if len(words) <= MAX_WORDS:
            pieces.append(paragraph)
        else:
            pieces += _windows(words)
    return [Chunk(passage, heading) for passage in _pack(pieces)]


def _joined(path: list[tuple[int, str]]) -> str:
    return HEADING_SEPARATOR.join(title for _, title in path)


def _windows(words: list[str]) -> list[str]:
    """A paragraph longer than a passage, as passages overlapping by OVERLAP_WORDS words."""
    step = MAX_WORDS - OVERLAP_WORDS
    windows = []
    for start in range(0, len(words), step):
        windows.append(" ".join(words[start : start + MAX_WORDS]))
        if start + MAX_WORDS >= len(words):
            break
    return windows


def _pack(pieces: list[str]) -> list[str]:
    """Whole paragraphs gathered into passages of at most MAX_WORDS words; each new passage
    starts with the last OVERLAP_WORDS words of the one before when they fit."""
    passages: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        words = len(piece.split())
        if current and size + words > MAX_WORDS:
            passages.append("\n\n".join(current))
            tail = passages[-1].split()[-OVERLAP_WORDS:]
            fits = len(tail) + words <= MAX_WORDS
            current, size = ([" ".join(tail)], len(tail)) if fits else ([], 0)
        current.append(piece)
        size += words
    if current:
        passages.append("\n\n".join(current))
    return passages
