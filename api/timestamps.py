"""Timestamps in responses: always with their zone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(moment: datetime) -> datetime:
    """``moment`` with its zone: SQLite hands timestamps back without it (every one stored is
    UTC), and a date-time without an offset is not RFC 3339, as the API's schema promises."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]
"""A response field's timestamp, given its zone (UTC) when the database dropped it."""
