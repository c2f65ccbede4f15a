"""A separate process appending to one workspace's audit chain (for the concurrency test)."""

from __future__ import annotations

import sys

from store.audit import AuditLog
from store.db import Database
from store.workspaces import get_workspace


def append_many(url: str, workspace: str, count: int, worker: int) -> None:
    """Append ``count`` entries, each in its own ledger transaction."""
    database = Database(url)
    for number in range(count):
        with database.ledger_session() as session:
            workspace_id = get_workspace(session, workspace).id
            AuditLog(session, workspace_id).append(
                "test.concurrent", f"worker:{worker}", str(number)
            )
    database.dispose()


if __name__ == "__main__":
    append_many(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
