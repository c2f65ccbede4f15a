"""Gmail clients for connected mailboxes, built from their stored credentials.

A client keeps its access token between jobs (refreshing it through the credentials' own
``token_uri`` when it runs out), so each job does not cost a token request. httplib2, under
google-api-python-client, is not thread-safe: each worker thread gets clients of its own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from connectors.gmail.client import GmailClient
from connectors.gmail.credentials import from_stored


class MailboxClients:
    """One Gmail client per mailbox and thread, rebuilt when the stored credentials change."""

    def __init__(self, api_base: str, timeout_seconds: float = 30.0) -> None:
        self._api_base = api_base
        self._timeout = timeout_seconds
        self._local = threading.local()

    def _cache(self) -> dict[str, tuple[str, GmailClient]]:
        cache: dict[str, tuple[str, GmailClient]] | None = getattr(self._local, "clients", None)
        if cache is None:
            cache = self._local.clients = {}
        return cache

    def client(self, mailbox_id: str, credentials: Mapping[str, Any]) -> GmailClient:
        """The mailbox's client for this thread."""
        fingerprint = json.dumps(dict(credentials), sort_keys=True)
        cached = self._cache().get(mailbox_id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        client = GmailClient(
            from_stored(credentials), api_base=self._api_base, timeout=self._timeout
        )
        self._cache()[mailbox_id] = (fingerprint, client)
        return client

    def forget(self, mailbox_id: str) -> None:
        """Drop this thread's client of the mailbox (its token was revoked)."""
        self._cache().pop(mailbox_id, None)
