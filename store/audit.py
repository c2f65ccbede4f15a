"""The append-only, hash-chained audit log, one chain per workspace.

Each entry's hash covers the previous entry's hash and the entry's canonical form (sequence
number, workspace, time, action, actor, subject, details), so editing, deleting or reordering a
row breaks the chain at that row. A chain rewritten wholesale, or cut short at the end, still
links up; a head signed with a key derived from the master key (``aspinix audit head``) catches
that too (``verify --expect-head``).

Appends are serialised per workspace: an advisory transaction lock on PostgreSQL, the write lock
taken by ``BEGIN IMMEDIATE`` on SQLite (``Database.ledger_session``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from store.crypto import MasterKeyRing
from store.db import serialise_on_postgresql
from store.errors import InvalidInput
from store.models import AuditEntry

GENESIS_HASH = "0" * 64
_SEPARATOR = "\x1f"
_FETCH_ROWS = 20_000


def canonical_details(details: Mapping[str, Any]) -> str:
    """Details as canonical JSON: sorted keys, no spaces, ASCII (control characters escaped)."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(
    prev_hash: str,
    seq: int,
    workspace_id: str,
    created_at: str,
    action: str,
    actor: str,
    subject: str,
    details: str,
) -> str:
    """SHA-256 over the previous hash and the entry's fields, joined by the unit separator
    (which no field may contain), so field boundaries are unambiguous."""
    canonical = _SEPARATOR.join(
        (prev_hash, str(seq), workspace_id, created_at, action, actor, subject, details)
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _head(connection: Connection | Session, workspace_id: str) -> tuple[int, str]:
    """(sequence number, hash) of the chain's newest entry; (0, genesis) for an empty chain."""
    last = connection.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.workspace_id == workspace_id)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    return (last[0], last[1]) if last else (0, GENESIS_HASH)


class AuditLog:
    """Appends to one workspace's chain, inside the caller's (ledger) session."""

    def __init__(self, session: Session, workspace_id: str) -> None:
        self._session = session
        self._workspace_id = workspace_id

    def append(
        self, action: str, actor: str, subject: str = "", details: Mapping[str, Any] | None = None
    ) -> AuditEntry:
        """Add one entry at the head of the chain. ``details`` must not hold personal data."""
        for name, value in (("action", action), ("actor", actor), ("subject", subject)):
            if _SEPARATOR in value or not value.isprintable():
                raise InvalidInput(f"audit {name} must be printable text")
        session = self._session
        serialise_on_postgresql(session, f"aspinix audit chain {self._workspace_id}")
        last_seq, prev_hash = _head(session, self._workspace_id)
        seq = last_seq + 1
        created_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        body = canonical_details(details or {})
        entry = AuditEntry(
            workspace_id=self._workspace_id,
            seq=seq,
            created_at=created_at,
            action=action,
            actor=actor,
            subject=subject,
            details=body,
            prev_hash=prev_hash,
            hash=entry_hash(
                prev_hash, seq, self._workspace_id, created_at, action, actor, subject, body
            ),
        )
        session.add(entry)
        return entry

    def entries(
        self, limit: int = 100, before_seq: int | None = None, action_prefix: str = ""
    ) -> list[AuditEntry]:
        """The newest entries first (for viewers); ``before_seq`` pages backwards and
        ``action_prefix`` keeps one family of actions ("console.", "processing.")."""
        query = select(AuditEntry).where(AuditEntry.workspace_id == self._workspace_id)
        if before_seq is not None:
            query = query.where(AuditEntry.seq < before_seq)
        if action_prefix:
            query = query.where(AuditEntry.action.startswith(action_prefix, autoescape=True))
        return list(self._session.scalars(query.order_by(AuditEntry.seq.desc()).limit(limit)))


@dataclass(frozen=True)
class SignedHead:
    """The chain's head at a moment, signed so a rewritten or truncated chain is caught."""

    workspace_id: str
    seq: int
    hash: str
    key_id: str
    signature: str

    def message(self) -> bytes:
        """The bytes the signature covers."""
        return f"aspinix-audit-head|{self.workspace_id}|{self.seq}|{self.hash}".encode()

    def to_json(self) -> str:
        """One line of JSON, as ``aspinix audit head`` prints it."""
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> SignedHead:
        """Parse what :meth:`to_json` printed; InvalidInput says what is wrong."""
        try:
            data = json.loads(raw)
            return cls(
                workspace_id=str(data["workspace_id"]),
                seq=int(data["seq"]),
                hash=str(data["hash"]),
                key_id=str(data["key_id"]),
                signature=str(data["signature"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"not a signed audit head: {exc}") from exc


def sign_head(connection: Connection, workspace_id: str, ring: MasterKeyRing) -> SignedHead:
    """The current head of the workspace's chain, signed with the current master key."""
    seq, head_hash = _head(connection, workspace_id)
    unsigned = SignedHead(workspace_id, seq, head_hash, "", "")
    key_id, signature = ring.sign(unsigned.message())
    return SignedHead(workspace_id, seq, head_hash, key_id, signature)


@dataclass(frozen=True)
class Verification:
    """The outcome of verifying one chain; ``problem`` names the first bad entry. When the
    chain verified, ``head_hash`` is its newest entry's hash (the genesis hash if empty)."""

    workspace_id: str
    verified: int
    problem: str | None = None
    bad_seq: int | None = None
    head_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        """Whether the whole chain verified."""
        return self.problem is None


def verify_chain(
    connection: Connection,
    workspace_id: str,
    expected: SignedHead | None = None,
    ring: MasterKeyRing | None = None,
) -> Verification:
    """Recompute the chain from the first entry; stop at the first entry that does not fit.

    Rows are streamed in batches, so memory stays flat for millions of entries.
    """
    if expected is not None:
        if ring is None or not ring.signature_valid(
            expected.key_id, expected.message(), expected.signature
        ):
            return Verification(workspace_id, 0, "the expected head's signature is not valid")
        if expected.workspace_id != workspace_id:
            return Verification(workspace_id, 0, "the expected head is another workspace's")
    result = connection.execution_options(stream_results=True, yield_per=_FETCH_ROWS).execute(
        select(
            AuditEntry.seq,
            AuditEntry.created_at,
            AuditEntry.action,
            AuditEntry.actor,
            AuditEntry.subject,
            AuditEntry.details,
            AuditEntry.prev_hash,
            AuditEntry.hash,
        )
        .where(AuditEntry.workspace_id == workspace_id)
        .order_by(AuditEntry.seq)
    )
    prev, count, head_hash = GENESIS_HASH, 0, GENESIS_HASH
    for seq, created_at, action, actor, subject, details, prev_hash, stored in result:
        count += 1
        if seq != count:
            return Verification(
                workspace_id,
                count - 1,
                f"entry {count} is missing (found entry {seq} in its place)",
                count,
            )
        if prev_hash != prev:
            return Verification(
                workspace_id, count - 1, f"entry {seq} does not link to entry {seq - 1}", seq
            )
        recomputed = entry_hash(
            prev, seq, workspace_id, created_at, action, actor, subject, details
        )
        if recomputed != stored:
            return Verification(
                workspace_id, count - 1, f"entry {seq} was altered (its hash does not match)", seq
            )
        prev = head_hash = stored
    if expected is not None:
        if count < expected.seq:
            return Verification(
                workspace_id,
                count,
                f"the chain ends at entry {count}, the signed head is entry "
                f"{expected.seq}: entries were removed",
                count + 1,
            )
        at_expected = (
            head_hash if count == expected.seq else _hash_at(connection, workspace_id, expected.seq)
        )
        if at_expected != expected.hash:
            return Verification(
                workspace_id,
                count,
                f"entry {expected.seq} differs from the signed head: the chain was rewritten",
                expected.seq,
            )
    return Verification(workspace_id, count, head_hash=head_hash)


def _hash_at(connection: Connection, workspace_id: str, seq: int) -> str | None:
    return connection.execute(
        select(AuditEntry.hash).where(
            AuditEntry.workspace_id == workspace_id, AuditEntry.seq == seq
        )
    ).scalar()
