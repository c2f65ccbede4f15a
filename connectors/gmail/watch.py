"""Keeping Gmail's push going: ``users.watch`` lasts seven days and must be renewed before it
ends; Google advises renewing daily. The worker renews every watch due within a day, at start
and every hour after."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from connectors.gmail.errors import GmailError, TokenRevoked
from connectors.gmail.mailbox_clients import MailboxClients
from store.ledger import Ledgers

logger = logging.getLogger(__name__)
ACTOR = "gmail"
RENEW_WITHIN = timedelta(days=1)


class WatchRenewer:
    """Renews the Pub/Sub watch of connected mailboxes."""

    def __init__(
        self,
        ledgers: Ledgers,
        clients: MailboxClients,
        topic: str,
        on_revoked: Callable[[str, str], None],
    ) -> None:
        self._ledgers = ledgers
        self._clients = clients
        self._topic = topic
        self._on_revoked = on_revoked

    def renew_due(self, workspace: str) -> int:
        """Renew every watch of ``workspace`` that ends within a day; how many were renewed."""
        with self._ledgers.open(workspace, ACTOR) as ledger:
            due = [
                (m.id, credentials)
                for m in ledger.mailboxes.watches_due(RENEW_WITHIN)
                if (credentials := ledger.mailboxes.credentials(m)) is not None
            ]
        renewed = 0
        for mailbox_id, credentials in due:
            try:
                watch = self._clients.client(mailbox_id, credentials).watch(self._topic)
            except TokenRevoked:
                self._on_revoked(workspace, mailbox_id)
                continue
            except GmailError as exc:
                logger.warning("gmail watch not renewed", extra={"error": type(exc).__name__})
                with self._ledgers.open(workspace, ACTOR) as ledger:
                    ledger.mailboxes.record_error(ledger.mailboxes.get(mailbox_id), "watch_failed")
                continue
            with self._ledgers.open(workspace, ACTOR) as ledger:
                ledger.mailboxes.watch_renewed(ledger.mailboxes.get(mailbox_id), watch.expiration)
            renewed += 1
        return renewed
