"""Connected Gmail mailboxes: address and OAuth credentials encrypted, found by blind index;
the sync position (history id), the watch's expiry, the one-syncer-at-a-time lease, and which
Gmail messages were already fetched.

Connecting, a revoked token and disconnecting are audit entries: an auditor can see when the
business gave Aspinix access to a mailbox and when it ended.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from store.audit import AuditLog
from store.identities import IdentityKind, normalise_identity
from store.models import Mailbox, SeenMail, as_utc, new_id, utcnow
from store.scope import Scope

ADDRESS_COLUMN = "mailboxes.address"
CREDENTIALS_COLUMN = "mailboxes.credentials"
_INDEX_FAMILY = "mailbox"


class MailboxStatus(StrEnum):
    """Whether Aspinix can read and send for a mailbox."""

    CONNECTED = "connected"
    REVOKED = "revoked"  # Google refused the refresh token: the owner must connect again
    DISCONNECTED = "disconnected"


class Mailboxes:
    """The Gmail mailboxes of one workspace."""

    def __init__(self, scope: Scope, audit: AuditLog) -> None:
        self._scope = scope
        self._audit = audit

    def _index(self, address: str) -> str:
        return self._scope.keys.index.digest(
            _INDEX_FAMILY, normalise_identity(IdentityKind.EMAIL, address)
        )

    def find(self, address: str) -> Mailbox | None:
        """The mailbox with this address, looked up by blind index only."""
        return self._scope.session.scalars(
            select(Mailbox).where(
                Mailbox.workspace_id == self._scope.workspace_id,
                Mailbox.address_index == self._index(address),
            )
        ).first()

    def get(self, mailbox_id: str) -> Mailbox:
        """The mailbox, if it belongs to this workspace; NotFound otherwise."""
        return self._scope.owned(Mailbox, mailbox_id, "mailbox")

    def all(self) -> list[Mailbox]:
        """Every mailbox ever connected, oldest first."""
        return list(
            self._scope.session.scalars(
                select(Mailbox)
                .where(Mailbox.workspace_id == self._scope.workspace_id)
                .order_by(Mailbox.created_at)
            )
        )

    def connected(self) -> list[Mailbox]:
        """The mailboxes Aspinix may read and send for now."""
        return [m for m in self.all() if m.status == MailboxStatus.CONNECTED]

    def connect(
        self, address: str, credentials: Mapping[str, Any], history_id: str, actor: str
    ) -> Mailbox:
        """Store (or replace, on reconnecting) the mailbox's credentials; reading starts from
        ``history_id``, so mail from before the connection is not answered."""
        cipher = self._scope.keys.cipher
        mailbox = self.find(address)
        if mailbox is None:
            mailbox = Mailbox(
                id=new_id(),
                workspace_id=self._scope.workspace_id,
                address_ct=cipher.encrypt(address.strip(), ADDRESS_COLUMN),
                address_index=self._index(address),
                sync_requested=False,
            )
            self._scope.session.add(mailbox)
        mailbox.credentials_ct = cipher.encrypt(json.dumps(dict(credentials)), CREDENTIALS_COLUMN)
        mailbox.status = MailboxStatus.CONNECTED
        mailbox.history_id = history_id
        mailbox.sync_owner = mailbox.sync_until = None
        mailbox.last_error = None
        self._scope.session.flush()
        self._audit.append("gmail.connected", actor, mailbox.id)
        return mailbox

    def address(self, mailbox: Mailbox) -> str:
        """The mailbox's decrypted address."""
        return self._scope.keys.cipher.decrypt(mailbox.address_ct, ADDRESS_COLUMN)

    def credentials(self, mailbox: Mailbox) -> dict[str, Any] | None:
        """The decrypted authorized-user credentials; None once disconnected."""
        if mailbox.credentials_ct is None:
            return None
        plain = self._scope.keys.cipher.decrypt(mailbox.credentials_ct, CREDENTIALS_COLUMN)
        stored: dict[str, Any] = json.loads(plain)
        return stored

    def mark_revoked(self, mailbox: Mailbox, actor: str) -> None:
        """Google refused the refresh token (revoked by the owner, or expired): stop using it,
        and say so where an admin looks."""
        if mailbox.status == MailboxStatus.REVOKED:
            return
        mailbox.status = MailboxStatus.REVOKED
        mailbox.last_error = "token_revoked"
        self._audit.append("gmail.token_revoked", actor, mailbox.id)

    def disconnect(self, mailbox: Mailbox, actor: str) -> None:
        """Delete the credentials (the caller revoked them at Google first)."""
        mailbox.credentials_ct = None
        mailbox.status = MailboxStatus.DISCONNECTED
        mailbox.watch_expires_at = None
        self._audit.append("gmail.disconnected", actor, mailbox.id)

    def watch_renewed(self, mailbox: Mailbox, expires_at: datetime) -> None:
        """Gmail pushes changes to the Pub/Sub topic until ``expires_at``."""
        mailbox.watch_expires_at = expires_at
        mailbox.last_error = None

    def watches_due(self, within: timedelta) -> list[Mailbox]:
        """Connected mailboxes whose watch ends within ``within`` (or never started)."""
        horizon = utcnow() + within
        return [
            m
            for m in self.connected()
            if m.watch_expires_at is None or as_utc(m.watch_expires_at) <= horizon
        ]

    def record_error(self, mailbox: Mailbox, code: str) -> None:
        """Why the last sync or renewal failed, as a short code."""
        mailbox.last_error = code[:64]

    # -- sync lease ----------------------------------------------------------------------------

    def request_sync(self, mailbox_id: str) -> None:
        """Ask for a sync; a worker already syncing sees the flag and goes round again."""
        self._scope.session.execute(
            update(Mailbox)
            .where(Mailbox.id == mailbox_id, Mailbox.workspace_id == self._scope.workspace_id)
            .values(sync_requested=True)
        )

    def claim_sync(self, mailbox_id: str, owner: str, seconds: float) -> bool:
        """Take (or renew) the mailbox's sync for ``owner`` and clear the request flag; False
        when another live worker is syncing it."""
        now = utcnow()
        result = self._scope.session.execute(
            update(Mailbox)
            .where(
                Mailbox.id == mailbox_id,
                Mailbox.workspace_id == self._scope.workspace_id,
                or_(
                    Mailbox.sync_owner.is_(None),
                    Mailbox.sync_owner == owner,
                    Mailbox.sync_until < now,
                ),
            )
            .values(
                sync_owner=owner, sync_until=now + timedelta(seconds=seconds), sync_requested=False
            )
        )
        return bool(getattr(result, "rowcount", 0))

    def release_sync(self, mailbox_id: str, owner: str) -> bool:
        """Let go of the sync; True when a sync was requested meanwhile (sync again)."""
        self._scope.session.execute(
            update(Mailbox)
            .where(
                Mailbox.id == mailbox_id,
                Mailbox.workspace_id == self._scope.workspace_id,
                Mailbox.sync_owner == owner,
            )
            .values(sync_owner=None, sync_until=None)
        )
        return bool(self.get(mailbox_id).sync_requested)

    def advance(self, mailbox: Mailbox, history_id: str) -> None:
        """Everything up to ``history_id`` has been read (never moves backwards)."""
        if mailbox.history_id is None or int(history_id) > int(mailbox.history_id):
            mailbox.history_id = history_id
        mailbox.last_sync_at = utcnow()
        mailbox.last_error = None

    # -- messages already fetched ----------------------------------------------------------------

    def unseen(self, mailbox_id: str, gmail_ids: Iterable[str]) -> list[str]:
        """The ids of ``gmail_ids`` not fetched before, in their order."""
        wanted = list(dict.fromkeys(gmail_ids))
        if not wanted:
            return []
        seen = set(
            self._scope.session.scalars(
                select(SeenMail.gmail_id).where(
                    SeenMail.workspace_id == self._scope.workspace_id,
                    SeenMail.mailbox_id == mailbox_id,
                    SeenMail.gmail_id.in_(wanted),
                )
            )
        )
        return [gmail_id for gmail_id in wanted if gmail_id not in seen]

    def mark_seen(self, mailbox_id: str, gmail_id: str, outcome: str) -> bool:
        """Record that the message was fetched and what became of it; False when another
        worker recorded it first (in a savepoint, so this unit of work goes on)."""
        session = self._scope.session
        try:
            with session.begin_nested():
                session.add(
                    SeenMail(
                        id=new_id(),
                        workspace_id=self._scope.workspace_id,
                        mailbox_id=mailbox_id,
                        gmail_id=gmail_id,
                        outcome=outcome[:32],
                    )
                )
        except IntegrityError:
            return False
        return True
