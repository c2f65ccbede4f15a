"""``aspinix worker``: a process that runs the queue's jobs (answers, sends, Gmail syncs).

On PostgreSQL with Redis (or PostgreSQL) as the queue, run as many as the load needs, on any
machine; on the embedded default ``aspinix serve`` starts one itself. At start it sweeps once
for work a dead worker left behind, then Huey's consumer runs the jobs on
ASPINIX_WORKER_THREADS threads and the sweep every minute. With GMAIL_PUBSUB_TOPIC it renews
the mailboxes' watches at start and hourly; with GMAIL_POLL_SECONDS it also polls for mail.
"""

from __future__ import annotations

import logging
import os
import socket

from aspinix.alerting import LogAndWebhookAlerts
from aspinix.commands.assistant import build_assistant
from aspinix.commands.store_context import open_store
from aspinix.commands.workspace_settings import settings_reader
from aspinix.settings import Settings
from aspinix.startup import StartupError, report_startup_error
from connectors.gmail.mailbox_clients import MailboxClients
from connectors.gmail.outbound import GmailSender
from connectors.gmail.sync import MailboxSync
from connectors.gmail.watch import WatchRenewer
from connectors.whatsapp.client import GraphClient
from connectors.whatsapp.outbound import WhatsAppSender
from connectors.whatsapp.rate_limit import SendRateLimiter
from jobs.answering import AnsweringPolicy, ConversationWorker
from jobs.backend import build_huey
from jobs.errors import QueueError
from jobs.mail_poller import MailPoller
from jobs.queue import ChannelSender, JobQueue, WorkerRuntime
from store.ledger import Ledgers

logger = logging.getLogger(__name__)


def worker_queue(settings: Settings) -> JobQueue:
    """The queue with this process attached as a worker; StartupError saying what to fix."""
    try:
        queue = JobQueue(build_huey(settings.resolved_queue_url()))
    except QueueError as exc:
        raise StartupError(str(exc)) from exc
    store = open_store(settings)
    ledgers = Ledgers(store.database, store.keys, store.catalogue)
    alerts = LogAndWebhookAlerts(settings.alert_webhook_url)
    owner = f"{socket.gethostname()}:{os.getpid()}"
    answering = ConversationWorker(
        ledgers,
        build_assistant(settings, alerts),
        AnsweringPolicy(settings.turn_lease_seconds),
        settings_reader(settings),
        owner,
        enqueue_send=queue.send,
        enqueue_answer=queue.answer,
        alerts=alerts,
    )
    clients = MailboxClients(settings.gmail_api_base)
    mail = MailboxSync(
        ledgers,
        clients,
        queue.answer,
        alerts,
        owner_prefix=owner,
        resync_limit=settings.gmail_resync_limit,
    )
    senders = _senders(settings, ledgers)
    senders["gmail"] = GmailSender(ledgers, clients, settings.public_url, mail.revoked)
    topic = settings.gmail_pubsub_topic
    queue.attach(
        WorkerRuntime(
            ledgers=ledgers,
            answering=answering,
            senders=senders,
            lease_seconds=settings.turn_lease_seconds,
            alerts=alerts,
            mail=mail,
            watches=WatchRenewer(ledgers, clients, topic, mail.revoked) if topic else None,
        )
    )
    return queue


def _senders(settings: Settings, ledgers: Ledgers) -> dict[str, ChannelSender]:
    """A sender per configured channel; a channel without credentials keeps its replies
    queued (visible, not lost) until it is configured. Gmail's credentials are per mailbox,
    in the store."""
    senders: dict[str, ChannelSender] = {}
    token = settings.whatsapp_access_token
    if token is not None and settings.whatsapp_phone_number_id:
        shared = settings.queue_url if (settings.queue_url or "").startswith("redis") else None
        client = GraphClient(
            settings.whatsapp_api_base,
            settings.whatsapp_phone_number_id,
            token.get_secret_value(),
            rate_limiter=SendRateLimiter(shared or "memory://", settings.whatsapp_send_rate),
        )
        senders["whatsapp"] = WhatsAppSender(ledgers, client)
    else:
        logger.warning("whatsapp sending is off: set WHATSAPP_ACCESS_TOKEN and _PHONE_NUMBER_ID")
    return senders


def run_worker(settings: Settings) -> int:
    """Run jobs until SIGINT or SIGTERM."""
    try:
        queue = worker_queue(settings)
    except StartupError as exc:
        return report_startup_error(exc)
    queue.run_sweep()
    queue.renew_watches()
    poller = None
    if settings.gmail_poll_seconds is not None:
        poller = MailPoller(
            queue.runtime_ledgers(), queue.sync_mailbox, settings.gmail_poll_seconds
        )
        poller.start()
    try:
        queue.consumer(settings.worker_threads).run()
    finally:
        if poller is not None:
            poller.stop()
    return 0
