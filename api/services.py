"""What the web app needs from the rest of the process, built once at start-up and shared by
every request: no global state outside it (FastAPI's full-stack template keeps the same rule)."""

from __future__ import annotations

from dataclasses import dataclass

from api.admin_guard import AdminGuard
from api.console.state import ConsoleState
from aspinix.commands.store_context import StoreContext
from aspinix.settings import Settings
from connectors.gmail.certs import CachingCertsRequest
from guardrails.alerts import AlertSink
from jobs.queue import JobQueue
from store.ledger import Ledgers


@dataclass
class Services:
    """The store, the queue and the alert sink of one API process."""

    settings: Settings
    store: StoreContext
    ledgers: Ledgers
    queue: JobQueue
    alerts: AlertSink
    admin_guard: AdminGuard
    # Google's certificates for Pub/Sub push tokens, fetched once and kept while fresh.
    push_certs: CachingCertsRequest
    console: ConsoleState
