"""Structured logs: one JSON object per line on stderr, never message text or identifiers.

Callers log events and counts (``logger.info("redacted", extra={"entities": 3})``); the
formatter copies the ``extra`` fields into the JSON object.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import TextIO

_STANDARD_FIELDS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record as a JSON object with its ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        payload: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        payload.update(
            (key, value) for key, value in record.__dict__.items() if key not in _STANDARD_FIELDS
        )
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's type only: its message and traceback can quote personal data.
            payload["exception"] = record.exc_info[0].__name__
        return json.dumps(payload, default=str)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is emitted, not when logging was set
    up: a caller that swaps stderr (a test runner, an embedding program) never leaves the
    handler holding a closed stream."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """StreamHandler assigns the stream in its constructor; the current one is always used."""


def configure_logging(level: str) -> None:
    """Send every logger's records to stderr as JSON at ``level``."""
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
