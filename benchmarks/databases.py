"""The databases benchmarks run on: a migrated SQLite file in a temporary folder, or a PostgreSQL
database created for the run and dropped afterwards, used as the application role, exactly as
production connects."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import make_url

from store.db import Database
from store.migrate import DEFAULT_APP_ROLE, upgrade

PG_ADMIN_URL = os.environ.get(
    "ASPINIX_BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def backend(name: str) -> Iterator[str]:
    """A migrated, empty database URL for the application, removed afterwards."""
    if name == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            database = Database(url)
            upgrade(database.engine)
            database.dispose()
            yield url
        return
    db_name = f"aspinix_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db_name}"')
    owner_url = make_url(PG_ADMIN_URL).set(database=db_name)
    owner = Database(owner_url.render_as_string(hide_password=False))
    upgrade(owner.engine)
    owner.dispose()
    try:
        yield owner_url.set(username=DEFAULT_APP_ROLE).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
