"""Choosing the queue's storage from ASPINIX_QUEUE_URL.

Huey runs on all three of the backends Aspinix needs, with one task API: a SQLite file
(embedded, no server), Redis, or PostgreSQL. Results are not kept: every job's outcome is in
the database already.
"""

from __future__ import annotations

from pathlib import Path

from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey

from jobs.errors import QueueConfigError, QueueUnavailable

QUEUE_NAME = "aspinix"


def build_huey(url: str) -> Huey:
    """The Huey instance for ``url``: ``sqlite:///path``, ``redis://...`` or
    ``postgresql://...``."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path), results=False, utc=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, results=False, utc=True)
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            dsn = "postgresql://" + url.removeprefix(prefix)
            return PostgresHuey(QUEUE_NAME, dsn=dsn, results=False, utc=True)
    raise QueueConfigError(
        "ASPINIX_QUEUE_URL must be sqlite:///path, redis://host:port/db or "
        "postgresql://user@host/db"
    )


def check_queue(huey: Huey) -> None:
    """Touch the queue's storage; QueueUnavailable when it cannot be reached (for /readyz)."""
    try:
        huey.pending_count()
    except Exception as exc:  # each storage raises its own driver's errors
        raise QueueUnavailable(f"the task queue is unreachable: {type(exc).__name__}") from exc
