"""Key management: the master key ring, per-workspace data and index keys, and rotation.

A workspace gets two keys on first use: a data key (encrypts columns; rotated by
``aspinix keys rotate --new-data-keys``, old ones kept for reading) and an index key (the blind
index; never rotated, since every index value would change). Both are stored wrapped by the
current master key; ``aspinix keys rotate`` re-wraps them under a new master key while processes
that still hold the old one keep working, because the ring accepts every key it is given.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.crypto import (
    BlindIndex,
    FieldCipher,
    MasterKeyRing,
    encode_key,
    new_key,
)
from store.db import serialise_on_postgresql
from store.errors import MasterKeyError, UnknownKey
from store.models import DataKey, new_id

logger = logging.getLogger(__name__)

DEV_KEY_FILE = "master.key"
DATA, INDEX = "data", "index"


def load_master_keys(configured: str | None, data_dir: Path, production: bool) -> MasterKeyRing:
    """The ring from ASPINIX_MASTER_KEY; in development, a key generated into the data dir.

    Raises:
        MasterKeyError: production mode without a key, or a malformed key.
    """
    if configured:
        return MasterKeyRing.from_text(configured)
    if production:
        raise MasterKeyError(
            "ASPINIX_MASTER_KEY is not set; production mode refuses to start without it "
            "(generate one with `aspinix keys generate`)"
        )
    path = data_dir / DEV_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(encode_key(new_key()) + "\n")
        logger.warning(
            "generated a development master key; set ASPINIX_MASTER_KEY in production",
            extra={"path": str(path)},
        )
    return MasterKeyRing.from_text(path.read_text())


def _associated(workspace_id: str, key_id: str, purpose: str) -> bytes:
    """Binds a wrapped key to its workspace, id and purpose."""
    return f"{workspace_id}|{key_id}|{purpose}".encode()


@dataclass(frozen=True)
class WorkspaceKeys:
    """What the repositories of one workspace encrypt and index with."""

    cipher: FieldCipher
    index: BlindIndex


@dataclass(frozen=True)
class RotationReport:
    """What ``rotate`` did."""

    rewrapped: int
    new_data_keys: int
    master_key_id: str


class KeyManager:
    """Unwraps and caches workspace keys; creates them on first use; rotates them."""

    def __init__(self, ring: MasterKeyRing) -> None:
        self.ring = ring
        self._plain: dict[str, bytes] = {}
        self._active_ids: dict[str, tuple[str, str]] = {}  # workspace -> (data key, index key)

    def _unwrap(self, row: DataKey) -> bytes:
        if row.id not in self._plain:
            associated = _associated(row.workspace_id, row.id, row.purpose)
            self._plain[row.id] = self.ring.unwrap(row.master_key_id, row.wrapped, associated)
        return self._plain[row.id]

    def _create(self, session: Session, workspace_id: str, purpose: str) -> DataKey:
        secret = new_key()
        row = DataKey(workspace_id=workspace_id, purpose=purpose, active=True)
        row.id = new_id()
        row.master_key_id, row.wrapped = self.ring.wrap(
            secret, _associated(workspace_id, row.id, purpose)
        )
        session.add(row)
        session.flush()
        self._plain[row.id] = secret
        return row

    def _active(self, session: Session, workspace_id: str, purpose: str) -> DataKey:
        serialise_on_postgresql(session, f"aspinix keys {workspace_id}")  # one creator
        row = session.scalars(
            select(DataKey)
            .where(DataKey.workspace_id == workspace_id, DataKey.purpose == purpose)
            .where(DataKey.active.is_(True))
            .order_by(DataKey.created_at.desc())
            .limit(1)
        ).first()
        return row if row is not None else self._create(session, workspace_id, purpose)

    def for_workspace(self, session: Session, workspace_id: str) -> WorkspaceKeys:
        """The workspace's cipher and blind index, creating its keys on first use.

        The active key ids are remembered: after another process rotates the data key, this one
        keeps writing with the previous key until it restarts, which every reader can still
        decrypt, so rotation needs no downtime.
        """
        if workspace_id not in self._active_ids:
            data, index = (self._active(session, workspace_id, kind) for kind in (DATA, INDEX))
            self._unwrap(data)
            self._unwrap(index)
            self._active_ids[workspace_id] = (data.id, index.id)
        data_id, index_id = self._active_ids[workspace_id]

        def lookup(key_id: str) -> bytes:
            if key_id not in self._plain:
                row = session.get(DataKey, key_id)
                if row is None or row.workspace_id != workspace_id or row.purpose != DATA:
                    raise UnknownKey(f"data key {key_id} does not belong to this workspace")
                self._unwrap(row)
            return self._plain[key_id]

        return WorkspaceKeys(
            FieldCipher(workspace_id, data_id, lookup), BlindIndex(self._plain[index_id])
        )

    def rotate(self, session: Session, new_data_keys: bool = False) -> RotationReport:
        """Re-wrap every key under the current master key; optionally start new data keys.

        Old data keys stay (inactive) so everything written before keeps decrypting.
        """
        rewrapped = created = 0
        for row in session.scalars(select(DataKey)).all():
            if row.master_key_id != self.ring.current.key_id:
                secret = self._unwrap(row)
                associated = _associated(row.workspace_id, row.id, row.purpose)
                row.master_key_id, row.wrapped = self.ring.wrap(secret, associated)
                rewrapped += 1
        if new_data_keys:
            for row in session.scalars(
                select(DataKey).where(DataKey.purpose == DATA, DataKey.active.is_(True))
            ).all():
                row.active = False
                session.flush()
                self._create(session, row.workspace_id, DATA)
                created += 1
            self._active_ids.clear()
        return RotationReport(rewrapped, created, self.ring.current.key_id)
