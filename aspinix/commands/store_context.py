"""Opening the store from settings, the same way for every command that needs it."""

from __future__ import annotations

import getpass
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from aspinix.settings import Settings
from aspinix.startup import StartupError
from guardrails.consent import PurposeCatalogue, load_catalogue
from guardrails.errors import CatalogueError
from store.db import Database, is_sqlite
from store.errors import DatabaseUnavailable, MasterKeyError
from store.keys import KeyManager, load_master_keys
from store.ledger import Ledger, Ledgers
from store.migrate import require_current, upgrade


@dataclass
class StoreContext:
    """The database, keys and purposes catalogue a command works with."""

    settings: Settings
    database: Database
    keys: KeyManager
    catalogue: PurposeCatalogue

    @property
    def actor(self) -> str:
        """Who runs this command, for the audit log."""
        return f"cli:{getpass.getuser()}"

    def ledgers(self) -> Ledgers:
        """Ledgers on this store, for commands that name a workspace of their own."""
        return Ledgers(self.database, self.keys, self.catalogue)

    def ledger(self) -> AbstractContextManager[Ledger]:
        """A unit of work on the configured workspace (ASPINIX_WORKSPACE)."""
        return self.ledgers().open(self.settings.workspace, self.actor)


def open_database(settings: Settings) -> Database:
    """The database; the embedded SQLite default is migrated on the spot, PostgreSQL must be
    migrated already (``aspinix db upgrade``, run as the tables' owner)."""
    database = Database(settings.resolved_database_url())
    try:
        if is_sqlite(database.engine):
            upgrade(database.engine, settings.db_app_role)
        else:
            require_current(database.engine)
    except OperationalError as exc:
        raise StartupError(f"cannot reach the database: {exc.orig or exc}") from exc
    except DatabaseUnavailable as exc:
        raise StartupError(str(exc)) from exc
    return database


def open_store(settings: Settings) -> StoreContext:
    """Everything a ledger command needs, or a StartupError saying what to fix."""
    try:
        catalogue = load_catalogue(settings.purposes_file)
        ring = load_master_keys(
            settings.master_key.get_secret_value() if settings.master_key else None,
            settings.data_dir,
            settings.production,
        )
    except (CatalogueError, MasterKeyError) as exc:
        raise StartupError(str(exc)) from exc
    return StoreContext(settings, open_database(settings), KeyManager(ring), catalogue)
