"""Polling for new mail, for deployments without Pub/Sub push (``GMAIL_POLL_SECONDS``): a
thread in each worker queues a sync of every connected mailbox on a timer. Several workers
polling is harmless: one syncs a mailbox at a time and the others' jobs return at once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from store.ledger import Ledgers

logger = logging.getLogger(__name__)


class MailPoller:
    """Queues a sync of every connected mailbox every ``every_seconds``."""

    def __init__(
        self, ledgers: Ledgers, enqueue_sync: Callable[[str, str], None], every_seconds: float
    ) -> None:
        self._ledgers = ledgers
        self._enqueue_sync = enqueue_sync
        self._every = every_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mail-poller", daemon=True)

    def poll_once(self) -> int:
        """Queue a sync of each connected mailbox; how many were queued."""
        queued = 0
        for slug in self._ledgers.workspace_slugs():
            with self._ledgers.open(slug, "gmail-poller") as ledger:
                mailbox_ids = [m.id for m in ledger.mailboxes.connected()]
            for mailbox_id in mailbox_ids:
                self._enqueue_sync(slug, mailbox_id)
                queued += 1
        return queued

    def _run(self) -> None:
        while not self._stopping.wait(self._every):
            try:
                self.poll_once()
            except Exception as exc:  # the database or the queue is down: try next time
                logger.warning("mail poll failed", extra={"error": type(exc).__name__})

    def start(self) -> None:
        """Poll in the background until ``stop``."""
        self._thread.start()

    def stop(self) -> None:
        """Stop polling (waits for a poll in progress)."""
        self._stopping.set()
        self._thread.join(timeout=10)
