"""Answering a conversation's inbound messages, in order, one worker at a time.

The job names one inbound message, but the worker answers its whole conversation: it takes the
conversation's lease, then answers the oldest open message until none is left. Two jobs for
one conversation never run its turns side by side, and a message that arrives meanwhile is
answered after the ones before it. Each message's turn commits on its own; its reply is the
inbound message's one reply (a unique key), so a turn that races another after a lease ran out
cannot produce a second one.

Each turn reads the workspace's settings in its own unit of work (``SettingsReader``): a reply
mode, working hours, notice or rubric an admin saves applies from the next message on, with no
restart. An AI reply is sent at once only in auto mode within working hours; otherwise it is
kept as a draft for a rep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from agent.pipeline import Assistant, ReplyKind
from agent.workspace_settings import SettingsReader
from guardrails.alerts import AlertSink, SecurityEvent, SecurityEventKind
from store.inbox import InboundState
from store.ledger import Ledgers
from store.models import utcnow
from store.outbox import Delivery

logger = logging.getLogger(__name__)

# Kinds of inbound message that need no answer: a reaction to one of our messages.
UNANSWERED_KINDS = frozenset({"reaction"})
ACTOR = "worker"


@dataclass(frozen=True)
class AnsweringPolicy:
    """How long a worker may hold a conversation, and how often a message is tried."""

    lease_seconds: float
    max_attempts: int = 3


class ConversationWorker:
    """Answers inbound messages through the assistant and hands replies to the outbox."""

    def __init__(
        self,
        ledgers: Ledgers,
        assistant: Assistant,
        policy: AnsweringPolicy,
        settings: SettingsReader,
        owner_prefix: str,
        enqueue_send: Callable[[str, str], None],
        enqueue_answer: Callable[[str, str], None],
        alerts: AlertSink,
    ) -> None:
        self._ledgers = ledgers
        self._assistant = assistant
        self._policy = policy
        self._settings = settings
        self._owner_prefix = owner_prefix
        self._enqueue_send = enqueue_send
        self._enqueue_answer = enqueue_answer
        self._alerts = alerts

    @property
    def _owner(self) -> str:
        """This thread's lease name: each worker thread holds its conversations on its own."""
        return f"{self._owner_prefix}:{threading.get_ident()}"

    def answer(self, workspace: str, message_id: str) -> None:
        """Answer the conversation of inbound message ``message_id`` up to its newest message."""
        with self._ledgers.open(workspace, ACTOR) as ledger:
            conversation_id = ledger.inbox.get(message_id).conversation_id
            claimed = ledger.leases.claim(conversation_id, self._owner, self._policy.lease_seconds)
        if not claimed:
            return  # another worker holds it and answers every open message before letting go
        try:
            while self._answer_next(workspace, conversation_id):
                pass
        finally:
            # Released before the last look, in one unit of work: a job that found the lease
            # taken gave up, and its message is seen here; a job that tries after the release
            # waits for this commit and then takes the conversation itself.
            with self._ledgers.open(workspace, ACTOR) as ledger:
                ledger.leases.release(conversation_id, self._owner)
                late = ledger.inbox.next_open(conversation_id)
                late_id = late.id if late is not None else None
        if late_id is not None:
            self._enqueue_answer(workspace, late_id)

    def _answer_next(self, workspace: str, conversation_id: str) -> bool:
        """Answer the oldest open message (renewing the lease); False when there is none."""
        with self._ledgers.open(workspace, ACTOR) as ledger:
            ledger.leases.claim(conversation_id, self._owner, self._policy.lease_seconds)
            message = ledger.inbox.next_open(conversation_id)
            if message is None:
                return False
            message_id = message.id
            if message.attempts >= self._policy.max_attempts:
                ledger.inbox.finish(message, InboundState.FAILED)
                ledger.audit.append(
                    "message.failed", ACTOR, message_id, {"attempts": message.attempts}
                )
                give_up = True
            else:
                ledger.inbox.start(message)  # committed now: a crash from here on is counted
                give_up = False
        if give_up:
            self._alerts.raise_alert(
                SecurityEvent(SecurityEventKind.MESSAGE_FAILED, workspace, {"reason": "attempts"})
            )
            return True
        try:
            queued = self._turn(workspace, message_id)
        except IntegrityError:
            # Another worker answered it after this one's lease ran out; its reply stands.
            logger.warning("reply already stored", extra={"message": message_id})
            with self._ledgers.open(workspace, ACTOR) as ledger:
                ledger.inbox.finish(ledger.inbox.get(message_id), InboundState.ANSWERED)
            return True
        if queued is not None:
            self._enqueue_send(workspace, queued)
        return True

    def _turn(self, workspace: str, message_id: str) -> str | None:
        """One turn in one unit of work; the id of a reply queued to send, if any."""
        with self._ledgers.open(workspace, ACTOR) as ledger:
            message = ledger.inbox.get(message_id)
            if message.content_kind in UNANSWERED_KINDS:
                ledger.inbox.finish(message, InboundState.SKIPPED)
                return None
            settings = self._settings.current(ledger)
            reply = self._assistant.handle(ledger, message.conversation_id, message_id, settings)
            ledger.inbox.finish(message, InboundState.ANSWERED)
            if reply.message_id is None:
                return None
            outbound = ledger.outbox.get(reply.message_id)
            # Fixed confirmations (STOP, START) carry no AI text: they go at once in every mode.
            if settings.sends_at_once(utcnow()) or reply.kind is ReplyKind.KEYWORD:
                ledger.outbox.hold(outbound, Delivery.QUEUED)
                return outbound.id
            ledger.outbox.hold(outbound, Delivery.DRAFT)
            return None
