"""Keeping several benchmarks' reports in one file, docs/benchmarks.md: each benchmark owns a
section between HTML-comment markers and rewrites only that section."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def replace_section(name: str, text: str, doc: Path = DOC) -> None:
    """Put ``text`` between ``<!-- name:start -->`` and ``<!-- name:end -->``, appending the
    section when the file does not have it yet."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1]
        updated = before + block + after
    else:
        updated = current.rstrip() + ("\n\n" if current else "") + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(updated, encoding="utf-8")


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank value at ``fraction`` (0.95 for p95) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
