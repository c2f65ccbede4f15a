"""``aspinix db upgrade``: bring the database to the newest schema."""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError

from aspinix.settings import Settings
from store.db import Database
from store.migrate import upgrade


def run_db_upgrade(settings: Settings) -> int:
    """Migrate DATABASE_URL (on PostgreSQL, connect as the tables' owner)."""
    database = Database(settings.resolved_database_url())
    try:
        revision = upgrade(database.engine, settings.db_app_role)
    except OperationalError as exc:
        print(f"aspinix: cannot reach the database: {exc.orig or exc}", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    print(f"database is at revision {revision}")
    return 0
