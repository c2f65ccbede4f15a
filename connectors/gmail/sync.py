"""Reading a mailbox's new mail: from the stored history id through ``users.history.list``
(or, when Gmail no longer has that history, a bounded look at the latest inbox messages),
fetching each new message once, storing what a prospect wrote, and queueing the answers.

One worker syncs a mailbox at a time (a lease on the mailbox row, a minute long, so a worker
that died holds up no mail for longer); a push that arrives while it works sets the mailbox's
request flag, and the worker goes round again before letting go, so no notification is lost.
Two syncs overlapping after a lease ran out are harmless: each message is stored once. The
history id moves forward only after every message up to it is stored: a crash re-reads, and the
seen-mail record and the inbox's unique key make the re-read harmless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from connectors.gmail.client import GmailClient
from connectors.gmail.errors import HistoryExpired, MailTooLarge, MalformedMail, TokenRevoked
from connectors.gmail.ingest import store_mail
from connectors.gmail.mailbox_clients import MailboxClients
from connectors.gmail.mime import parse_message
from connectors.gmail.resources import RawMessage
from guardrails.alerts import AlertSink, SecurityEvent, SecurityEventKind
from store.ledger import Ledgers
from store.mailboxes import MailboxStatus

logger = logging.getLogger(__name__)
ACTOR = "gmail"


@dataclass(frozen=True)
class SyncResult:
    """What one pass read: messages fetched, new inbound messages, whether it resynced."""

    fetched: int = 0
    stored: tuple[str, ...] = ()
    resynced: bool = False


@dataclass(frozen=True)
class _Position:
    history_id: str | None
    credentials: dict[str, object]


class MailboxSync:
    """Syncs connected mailboxes for one worker process."""

    def __init__(
        self,
        ledgers: Ledgers,
        clients: MailboxClients,
        enqueue_answer: Callable[[str, str], None],
        alerts: AlertSink,
        *,
        owner_prefix: str,
        lease_seconds: float = 60.0,
        resync_limit: int = 100,
    ) -> None:
        self._ledgers = ledgers
        self._clients = clients
        self._enqueue_answer = enqueue_answer
        self._alerts = alerts
        self._owner_prefix = owner_prefix
        self._lease_seconds = lease_seconds
        self._resync_limit = resync_limit

    @property
    def _owner(self) -> str:
        return f"{self._owner_prefix}:{threading.get_ident()}"

    def sync(self, workspace: str, mailbox_id: str) -> list[SyncResult]:
        """Read the mailbox's new mail, again while pushes keep asking; [] when another worker
        is syncing it (that worker sees the request and reads this mail too)."""
        results: list[SyncResult] = []
        while self._claim(workspace, mailbox_id):
            try:
                results.append(self._sync_once(workspace, mailbox_id))
            finally:
                with self._ledgers.open(workspace, ACTOR) as ledger:
                    again = ledger.mailboxes.release_sync(mailbox_id, self._owner)
            if not again:
                break
        return results

    def _claim(self, workspace: str, mailbox_id: str) -> bool:
        with self._ledgers.open(workspace, ACTOR) as ledger:
            return ledger.mailboxes.claim_sync(mailbox_id, self._owner, self._lease_seconds)

    def _position(self, workspace: str, mailbox_id: str) -> _Position | None:
        with self._ledgers.open(workspace, ACTOR) as ledger:
            mailbox = ledger.mailboxes.get(mailbox_id)
            credentials = ledger.mailboxes.credentials(mailbox)
            if mailbox.status != MailboxStatus.CONNECTED or credentials is None:
                return None
            return _Position(mailbox.history_id, credentials)

    def _sync_once(self, workspace: str, mailbox_id: str) -> SyncResult:
        position = self._position(workspace, mailbox_id)
        if position is None:
            return SyncResult()
        client = self._clients.client(mailbox_id, position.credentials)
        try:
            return self._read(workspace, mailbox_id, client, position.history_id)
        except TokenRevoked:
            self.revoked(workspace, mailbox_id)
            return SyncResult()

    def revoked(self, workspace: str, mailbox_id: str) -> None:
        """Google refused the mailbox's token: stop using it and tell an admin."""
        self._clients.forget(mailbox_id)
        with self._ledgers.open(workspace, ACTOR) as ledger:
            ledger.mailboxes.mark_revoked(ledger.mailboxes.get(mailbox_id), ACTOR)
        self._alerts.raise_alert(
            SecurityEvent(SecurityEventKind.MAILBOX_REVOKED, workspace, {"mailbox": mailbox_id})
        )

    def _read(
        self, workspace: str, mailbox_id: str, client: GmailClient, history_id: str | None
    ) -> SyncResult:
        resynced = False
        try:
            if history_id is None:
                raise HistoryExpired()
            page = client.history_since(history_id)
            gmail_ids, latest = page.message_ids, page.history_id
        except HistoryExpired:
            # Gmail keeps history for about a week: after a longer outage, read the latest
            # inbox messages instead (bounded), and go on from the mailbox's current position.
            latest = client.get_profile().history_id
            gmail_ids = client.recent_message_ids(self._resync_limit, "in:inbox")
            resynced = True
            logger.warning("gmail history expired; resynced", extra={"mailbox": mailbox_id})
        with self._ledgers.open(workspace, ACTOR) as ledger:
            unseen = ledger.mailboxes.unseen(mailbox_id, gmail_ids)
        raws = sorted(client.get_raw_many(unseen), key=lambda raw: raw.internal_date)
        stored = [
            message_id for raw in raws if (message_id := self._store(workspace, mailbox_id, raw))
        ]
        with self._ledgers.open(workspace, ACTOR) as ledger:
            ledger.mailboxes.advance(ledger.mailboxes.get(mailbox_id), latest)
        for message_id in stored:
            self._enqueue(workspace, message_id)
        return SyncResult(len(raws), tuple(stored), resynced)

    def _store(self, workspace: str, mailbox_id: str, raw: RawMessage) -> str | None:
        """Store one fetched message in its own unit of work; the new inbound id, if any."""
        with self._ledgers.open(workspace, ACTOR) as ledger:
            try:
                mail = parse_message(raw.raw)
            except (MalformedMail, MailTooLarge) as exc:
                outcome = "too_large" if isinstance(exc, MailTooLarge) else "malformed"
                ledger.mailboxes.mark_seen(mailbox_id, raw.id, outcome)
                logger.warning("mail not stored", extra={"reason": outcome})
                return None
            result = store_mail(ledger, ledger.mailboxes.get(mailbox_id), raw, mail)
        logger.info("mail fetched", extra={"outcome": result.outcome})
        return result.message_id

    def _enqueue(self, workspace: str, message_id: str) -> None:
        """Queue the answer; if the queue is down, the recovery sweep queues it later."""
        try:
            self._enqueue_answer(workspace, message_id)
        except Exception as exc:  # the queue's storage raises its own driver's errors
            logger.warning("enqueue failed", extra={"error": type(exc).__name__})
