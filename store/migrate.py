"""Bringing a database to the newest schema (``aspinix db upgrade``) and checking it is there.

On PostgreSQL, run the upgrade as the role that owns the tables; the migration creates the
application role (``ASPINIX_DB_APP_ROLE``) and grants it only what the application needs: it
may read and append to the audit log, never change or delete an entry.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from store.errors import DatabaseUnavailable

DEFAULT_APP_ROLE = "aspinix_app"


def _config(engine: Engine | None = None, app_role: str = DEFAULT_APP_ROLE) -> Config:
    config = Config()
    config.set_main_option("script_location", "store:migrations")
    config.attributes["app_role"] = app_role
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, app_role: str = DEFAULT_APP_ROLE) -> str:
    """Apply every pending migration; returns the revision the database is now at."""
    config = _config(engine, app_role)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head_revision()


def head_revision() -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "store/migrations/versions holds no revision"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def require_current(engine: Engine) -> None:
    """Raise DatabaseUnavailable unless the schema is at the newest revision."""
    current = current_revision(engine)
    if current != head_revision():
        raise DatabaseUnavailable(
            f"the database schema is at {current or 'nothing'}, the code needs "
            f"{head_revision()}: run `aspinix db upgrade`"
        )
