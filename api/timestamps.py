"""Timestamps in responses: always with their zone."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator

from store.models import as_utc

UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]
"""A response field's timestamp, given its zone (UTC) when the database dropped it: a
date-time without an offset is not RFC 3339, as the API's schema promises."""
