"""``aspinix redact``: JSON Lines in, redacted JSON Lines out, one output line per input line.

Lines are read in batches so spaCy can process them together; a malformed line or a text the
engine refuses yields an error record for that line alone, and the run goes on.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from aspinix.commands.engine import build_engine
from aspinix.commands.progress import progress_bar
from aspinix.settings import Settings
from aspinix.startup import StartupError, report_startup_error
from guardrails.engine import GuardrailEngine
from guardrails.errors import DetectionError

logger = logging.getLogger(__name__)
BATCH_LINES = 64


class InvalidLine(ValueError):
    """An input line that is not a JSON object with an id and a string text."""


@dataclass(frozen=True)
class Record:
    """A parsed input line."""

    line: int
    id: Any
    text: str


def parse_line(raw: str) -> tuple[Any, str]:
    """``(id, text)`` of one input line, or InvalidLine saying what is wrong."""
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidLine(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(item, dict):
        raise InvalidLine('expected a JSON object with "id" and "text"')
    if "id" not in item or item["id"] is None or isinstance(item["id"], (dict, list)):
        raise InvalidLine('missing "id" (a string or a number)')
    if not isinstance(item.get("text"), str):
        raise InvalidLine('missing "text" (a string)')
    return item["id"], item["text"]


def redact_lines(engine: GuardrailEngine, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line, in input order."""
    batch: list[Record | dict[str, Any]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record_id, text = parse_line(raw)
            batch.append(Record(number, record_id, text))
        except InvalidLine as exc:
            print(f"aspinix redact: line {number}: {exc}", file=sys.stderr)
            batch.append({"id": None, "line": number, "error": str(exc)})
        if len(batch) >= BATCH_LINES:
            yield from _redact_batch(engine, batch)
            batch = []
    yield from _redact_batch(engine, batch)


def _redact_batch(
    engine: GuardrailEngine, batch: list[Record | dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    records = [item for item in batch if isinstance(item, Record)]
    try:
        redactions = dict(
            zip(
                (r.line for r in records),
                engine.redact_many([r.text for r in records]),
                strict=True,
            )
        )
    except DetectionError:
        redactions = {}  # find the line that fails by redacting one at a time below
    for item in batch:
        if not isinstance(item, Record):
            yield item
            continue
        try:
            redaction = redactions.get(item.line) or engine.redact(item.text)
        except DetectionError as exc:
            print(f"aspinix redact: line {item.line}: {exc}", file=sys.stderr)
            yield {"id": item.id, "line": item.line, "error": str(exc)}
            continue
        yield {
            "id": item.id,
            "redacted": redaction.text,
            "entities": [finding.to_dict() for finding in redaction.findings],
        }


def run_redact(path: str | None, settings: Settings) -> int:
    """Run the command; exit code 0, or 1 when any line could not be redacted."""
    try:
        engine = build_engine(settings)
    except StartupError as exc:
        return report_startup_error(exc)
    try:
        source: IO[str] = open(path, encoding="utf-8") if path else sys.stdin  # noqa: SIM115
    except OSError as exc:
        print(f"aspinix redact: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    failures = 0
    with source, progress_bar(source) as lines:
        for output in redact_lines(engine, lines):
            failures += "error" in output
            sys.stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    logger.info("redact finished", extra={"failed_lines": failures})
    return 1 if failures else 0
