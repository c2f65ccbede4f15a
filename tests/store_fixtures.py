"""Store fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL tests get a database of their own per run (created as the administrator, migrated as
the table owner) and connect as the application role, which cannot change the audit log, exactly
as production does. An unreachable PostgreSQL skips those tests locally and fails them on CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from guardrails.consent import PurposeCatalogue, load_catalogue
from store.crypto import MasterKeyRing, encode_key, new_key
from store.db import Database
from store.keys import KeyManager
from store.ledger import Ledger, Ledgers
from store.migrate import DEFAULT_APP_ROLE, upgrade

PG_ADMIN_URL = os.environ.get(
    "ASPINIX_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@dataclass
class Backend:
    """A migrated database: the application's URL and, for PostgreSQL, the owner's."""

    name: str
    url: str
    admin_url: str
    data_dir: Path


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required on CI: {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


def create_postgresql_database(data_dir: Path) -> Backend:
    """A fresh, migrated PostgreSQL database of its own (skipped locally, failed on CI, when
    PostgreSQL is unreachable); drop it with :func:`drop_postgresql_database`."""
    name = f"aspinix_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        _postgres_unavailable(str(exc).strip())
    owner_url = make_url(PG_ADMIN_URL).set(database=name)
    app_url = owner_url.set(username=DEFAULT_APP_ROLE, password=None)
    owner = Database(owner_url.render_as_string(hide_password=False))
    upgrade(owner.engine)
    owner.dispose()
    return Backend(
        "postgresql",
        app_url.render_as_string(hide_password=False),
        owner_url.render_as_string(hide_password=False),
        data_dir,
    )


def drop_postgresql_database(backend: Backend) -> None:
    """Drop a database made by :func:`create_postgresql_database`."""
    name = make_url(backend.admin_url).database
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgresql_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """A fresh PostgreSQL database for this run, dropped at the end."""
    backend = create_postgresql_database(tmp_path_factory.mktemp("pg-data"))
    yield backend
    drop_postgresql_database(backend)


@pytest.fixture(scope="session")
def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    """A migrated SQLite file in a temporary data directory."""
    data_dir = tmp_path_factory.mktemp("sqlite-data")
    url = f"sqlite:///{data_dir / 'aspinix.db'}"
    database = Database(url)
    upgrade(database.engine)
    database.dispose()
    return Backend("sqlite", url, url, data_dir)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each test using this runs once per backend."""
    return request.getfixturevalue(f"{request.param}_backend")  # type: ignore[no-any-return]


@dataclass
class StoreEnv:
    """A database, keys and the catalogue, with a workspace of the test's own."""

    backend: Backend
    database: Database
    ring: MasterKeyRing
    keys: KeyManager
    catalogue: PurposeCatalogue
    workspace: str = field(default_factory=lambda: f"ws-{uuid.uuid4().hex[:10]}")

    def ledger(
        self, workspace: str | None = None, actor: str = "test"
    ) -> AbstractContextManager[Ledger]:
        """A unit of work on the test's workspace (or another one)."""
        return Ledgers(self.database, self.keys, self.catalogue).open(
            workspace or self.workspace, actor
        )


@pytest.fixture(scope="session")
def master_key_text() -> str:
    """One master key for the run."""
    return encode_key(new_key())


def _store_env(backend: Backend, master_key_text: str) -> Iterator[StoreEnv]:
    database = Database(backend.url)
    ring = MasterKeyRing.from_text(master_key_text)
    yield StoreEnv(backend, database, ring, KeyManager(ring), load_catalogue())
    database.dispose()


@pytest.fixture
def store(backend: Backend, master_key_text: str) -> Iterator[StoreEnv]:
    """A store on ``backend`` with a fresh workspace."""
    yield from _store_env(backend, master_key_text)


@pytest.fixture
def pg_store(postgresql_backend: Backend, master_key_text: str) -> Iterator[StoreEnv]:
    """A store on PostgreSQL only, for what only PostgreSQL has (roles, grants, triggers)."""
    yield from _store_env(postgresql_backend, master_key_text)
