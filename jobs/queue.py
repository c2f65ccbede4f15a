"""The jobs Aspinix runs, registered on a Huey instance, and how they are enqueued.

The producer side (the webhook) only enqueues; a worker process attaches a
:class:`WorkerRuntime` that does the work. Every job takes (workspace slug, message id).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from huey import Huey, crontab

from agent.follow_ups import still_wanted
from guardrails.alerts import AlertSink
from jobs.recovery import SweepResult, sweep
from store.ledger import Ledgers
from store.outbox import Delivery

if TYPE_CHECKING:  # the worker's side brings the agent's model stack; the API never needs it
    from connectors.gmail.sync import MailboxSync
    from connectors.gmail.watch import WatchRenewer
    from jobs.answering import ConversationWorker

logger = logging.getLogger(__name__)

# A job that raises (the database was briefly unreachable, say) is retried this many times;
# the message's own attempt counter gives up on one that keeps failing.
_RETRIES = 3
_RETRY_DELAY_SECONDS = 2
# How long a reply waits before trying again while an earlier one of its conversation is
# still being sent.
_IN_ORDER_DELAY_SECONDS = 1


class ChannelSender(Protocol):
    """Sends one stored outbound message on its channel, at most once."""

    def deliver(self, workspace: str, message_id: str) -> None:
        """Send the queued message ``message_id``, recording the outcome."""


@dataclass
class WorkerRuntime:
    """What a worker process needs to run the jobs."""

    ledgers: Ledgers
    answering: ConversationWorker
    senders: Mapping[str, ChannelSender]
    lease_seconds: float
    alerts: AlertSink
    mail: MailboxSync | None = None  # None: no Gmail OAuth client configured
    watches: WatchRenewer | None = None  # None: no Pub/Sub topic (polling, or no Gmail)


class NotAWorker(RuntimeError):
    """A job ran in a process that only enqueues (no runtime attached)."""


class JobQueue:
    """Enqueueing and running Aspinix's jobs."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey
        self._runtime: WorkerRuntime | None = None
        task = huey.task
        self._answer = task(name="answer", retries=_RETRIES, retry_delay=_RETRY_DELAY_SECONDS)(
            self._run_answer
        )
        self._send = task(name="send", retries=_RETRIES, retry_delay=_RETRY_DELAY_SECONDS)(
            self._run_send
        )
        self._sweep = huey.periodic_task(crontab(minute="*"), name="recovery_sweep")(self.run_sweep)
        self._mail_sync = task(
            name="gmail_sync", retries=_RETRIES, retry_delay=_RETRY_DELAY_SECONDS
        )(self._run_mail_sync)
        self._watches = huey.periodic_task(crontab(minute="7"), name="gmail_watch_renewal")(
            self.renew_watches
        )

    def attach(self, runtime: WorkerRuntime) -> None:
        """Make this process a worker."""
        self._runtime = runtime

    def answer(self, workspace: str, message_id: str) -> None:
        """Queue answering the conversation of inbound message ``message_id``."""
        self._answer(workspace, message_id)

    def send(self, workspace: str, message_id: str) -> None:
        """Queue sending the outbound message ``message_id``."""
        self._send(workspace, message_id)

    def runtime_ledgers(self) -> Ledgers:
        """The worker's ledgers (for work it starts itself, such as polling)."""
        return self._worker().ledgers

    def sync_mailbox(self, workspace: str, mailbox_id: str) -> None:
        """Queue reading the mailbox's new mail."""
        self._mail_sync(workspace, mailbox_id)

    def renew_watches(self) -> int:
        """Renew the Gmail watches that end within a day (every hour, and at start)."""
        runtime = self._worker()
        if runtime.watches is None:
            return 0
        return sum(runtime.watches.renew_due(slug) for slug in runtime.ledgers.workspace_slugs())

    def _run_mail_sync(self, workspace: str, mailbox_id: str) -> None:
        runtime = self._worker()
        if runtime.mail is None:
            logger.warning("gmail sync skipped: set GMAIL_CLIENT_SECRETS on the workers")
            return
        runtime.mail.sync(workspace, mailbox_id)

    def run_sweep(self) -> SweepResult:
        """Queue again what lost jobs and dead workers left (every minute, and at start)."""
        runtime = self._worker()
        result = sweep(
            runtime.ledgers, runtime.lease_seconds, self.answer, self.send, runtime.alerts
        )
        if result != SweepResult():
            logger.info("recovery sweep", extra={"recovered": vars(result)})
        return result

    def _run_answer(self, workspace: str, message_id: str) -> None:
        self._worker().answering.answer(workspace, message_id)

    def _run_send(self, workspace: str, message_id: str) -> None:
        runtime = self._worker()
        with runtime.ledgers.open(workspace, "worker") as ledger:
            message = ledger.outbox.get(message_id)
            channel = ledger.conversations.get(message.conversation_id).channel
            if message.delivery == Delivery.QUEUED and not still_wanted(ledger, message):
                # A follow-up whose contact unsubscribed after it was queued never goes.
                ledger.outbox.fail(message, "consent_withdrawn")
                ledger.audit.append("delivery.withheld", "worker", message.id)
                return
            if message.delivery == Delivery.QUEUED and ledger.outbox.waits_behind(message):
                # An earlier reply of this conversation is still on its way: try again
                # shortly (a lost or stuck one is requeued or marked by the recovery sweep).
                self._send.schedule(args=(workspace, message_id), delay=_IN_ORDER_DELAY_SECONDS)
                return
        sender = runtime.senders.get(channel)
        if sender is None:
            logger.warning("no sender for channel", extra={"channel": channel})
            return
        sender.deliver(workspace, message_id)

    def _worker(self) -> WorkerRuntime:
        if self._runtime is None:
            raise NotAWorker("this process only enqueues jobs; run `aspinix worker`")
        return self._runtime

    def consumer(self, threads: int, **options: Any) -> Any:
        """A Huey consumer running this queue's jobs on ``threads`` worker threads. The
        embedded SQLite queue is polled every few milliseconds at most, so a reply never waits
        for a long back-off; Redis and PostgreSQL storages block until work arrives."""
        return self.huey.create_consumer(
            workers=threads,
            worker_type="thread",
            initial_delay=0.005,
            backoff=1.5,
            max_delay=0.05,
            **options,
        )
