"""Connecting to the database: SQLite by default, PostgreSQL (psycopg 3) in production.

SQLite needs two settings to behave under several processes: WAL (readers do not block the
writer) with a busy timeout, and transactions that SQLAlchemy, not pysqlite, begins, so a ledger
transaction can take the write lock up front (``BEGIN IMMEDIATE``) before it reads the audit
chain's head. On PostgreSQL the same serialisation comes from an advisory lock (``store.audit``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

_WRITE_LOCK = "sqlite_write_lock"
_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(engine: Engine) -> bool:
    """Whether ``engine`` talks to SQLite (locking and DDL differ)."""
    return engine.dialect.name == "sqlite"


def serialise_on_postgresql(session: Session, name: str) -> None:
    """Hold a PostgreSQL advisory lock called ``name`` until the transaction ends, so work on
    one resource (a workspace's audit chain, its keys) runs one process at a time. On SQLite the
    ledger session's write lock already does this, so nothing is needed there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(_WRITE_LOCK, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    # No pre-ping (a round trip per transaction): a dropped connection fails its transaction,
    # the pool discards it, and the caller's retry (the queue's) gets a fresh one.
    return create_engine(url, pool_recycle=1800)


class Database:
    """The engine and its sessions; one per process."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = create_db_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._ledger_sessions = sessionmaker(
            self.engine.execution_options(**{_WRITE_LOCK: True}), expire_on_commit=False
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def ledger_session(self) -> Iterator[Session]:
        """A unit of work that appends to the audit chain: on SQLite it takes the write lock
        first, so two processes can never read the same chain head. Committed on success,
        rolled back on any error; the caller may commit part-way (``Ledger.checkpoint``) and
        go on in a new transaction, which takes the lock again only when it is used."""
        session = self._ledger_sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close pooled connections (before a fork, or at exit)."""
        self.engine.dispose()
