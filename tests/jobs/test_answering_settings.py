"""A running worker follows what an admin saves, from the next message on and without a
restart: the reply mode, the privacy notice (shown again under a new label) and the working
hours (auto mode holds a reply written outside them as a draft). The real pipeline (the
playbook) answers on the real store."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from agent.facts import load_rubric
from agent.fixed_replies import privacy_notice
from agent.pipeline import Assistant, AssistantConfig
from agent.workspace_settings import (
    DAYS,
    NOTICE,
    REPLY_MODE,
    WORKING_HOURS,
    SettingsReader,
    hours_body,
    notice_body,
    save_section,
)
from aspinix.commands.workspace_settings import settings_defaults
from aspinix.settings import Settings
from guardrails.alerts import SecurityEvent
from guardrails.engine import GuardrailEngine
from jobs.answering import AnsweringPolicy, ConversationWorker
from store.identities import IdentityKind
from store.ledger import Ledgers
from store.models import utcnow
from store.outbox import Delivery
from tests.store_fixtures import StoreEnv

NEW_NOTICE = "Privacy, in short: an assistant answers first; our AI provider sees placeholders."


@dataclass
class Running:
    """One worker answering one prospect's conversation; what it queued to send."""

    store: StoreEnv
    worker: ConversationWorker
    defaults: dict[str, str]
    conversation_id: str
    sends: list[tuple[str, str]] = field(default_factory=list)
    events: list[SecurityEvent] = field(default_factory=list)

    def prospect_says(self, text: str) -> tuple[Delivery, str]:
        """Deliver a message, let the worker answer it: the reply's delivery state and text."""
        with self.store.ledger() as ledger:
            conversation = ledger.conversations.get(self.conversation_id)
            count = len(ledger.conversations.messages(conversation))
            inbound = ledger.inbox.receive(conversation, text, f"wamid.{count}.{conversation.id}")
            assert inbound is not None
            inbound_id = inbound.id
        self.worker.answer(self.store.workspace, inbound_id)
        with self.store.ledger() as ledger:
            conversation = ledger.conversations.get(self.conversation_id)
            reply = ledger.conversations.messages(conversation)[-1]
            assert reply.direction == "outbound"
            return Delivery(reply.delivery), ledger.conversations.body(reply)

    def admin_saves(self, section: str, body: str) -> None:
        with self.store.ledger(actor="user:admin") as ledger:
            save_section(ledger, self.defaults, section, body, "user:admin")


@pytest.fixture
def running(store: StoreEnv, engine: GuardrailEngine) -> Running:
    defaults = settings_defaults(Settings(_env_file=None))  # type: ignore[call-arg]
    assistant = Assistant(
        engine,
        AssistantConfig(
            company="Tarang Software",
            notice=privacy_notice("v2"),
            notice_version="v2",
            rubric=load_rubric(),
        ),
    )
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Rohan Mehta")
        ledger.contacts.add_identity(contact, IdentityKind.WA_ID, "+91 98200 11223")
        conversation_id = ledger.conversations.open(contact.id, "whatsapp").id
    sends: list[tuple[str, str]] = []
    events: list[SecurityEvent] = []
    worker = ConversationWorker(
        Ledgers(store.database, store.keys, store.catalogue),
        assistant,
        AnsweringPolicy(lease_seconds=60),
        SettingsReader(defaults),
        "test-worker",
        enqueue_send=lambda workspace, message_id: sends.append((workspace, message_id)),
        enqueue_answer=lambda workspace, message_id: None,
        alerts=_Alerts(events),
    )
    return Running(store, worker, defaults, conversation_id, sends, events)


@dataclass
class _Alerts:
    events: list[SecurityEvent]

    def raise_alert(self, event: SecurityEvent) -> None:
        self.events.append(event)


def test_a_changed_reply_mode_and_notice_apply_to_the_next_message(running: Running) -> None:
    delivery, text = running.prospect_says("Hi, we need a CRM for our sales team.")
    assert delivery is Delivery.DRAFT and running.sends == []  # the deployment's review mode
    assert "Privacy: this is an automated assistant" in text  # the deployment's notice, v2

    running.admin_saves(REPLY_MODE, "auto")
    running.admin_saves(NOTICE, notice_body("v3", NEW_NOTICE))

    delivery, text = running.prospect_says("About 40 people, budget 4 lakh a year.")
    assert delivery is Delivery.QUEUED and len(running.sends) == 1
    assert text.endswith(NEW_NOTICE)  # a new label: shown again
    delivery, text = running.prospect_says("We'd like to start next month.")
    assert delivery is Delivery.QUEUED and NEW_NOTICE not in text  # once per label


def test_outside_working_hours_auto_mode_holds_the_reply_as_a_draft(running: Running) -> None:
    running.admin_saves(REPLY_MODE, "auto")
    today = DAYS[utcnow().weekday()]
    other_days = [day for day in DAYS if day != today]
    running.admin_saves(WORKING_HOURS, hours_body("UTC", other_days, "00:00", "23:59"))
    delivery, _ = running.prospect_says("Hi, what does it cost?")
    assert delivery is Delivery.DRAFT and running.sends == []

    running.admin_saves(WORKING_HOURS, hours_body("", [], "", ""))  # always open again
    delivery, _ = running.prospect_says("And is there a free trial?")
    assert delivery is Delivery.QUEUED and len(running.sends) == 1
