"""The recovery sweep: work a lost job or a dead worker left is queued again, and a send that
may or may not have gone is marked unknown rather than repeated."""

from __future__ import annotations

from datetime import timedelta

from guardrails.alerts import SecurityEvent
from jobs.recovery import UNCERTAIN_REASON, sweep
from store.ledger import Ledgers
from store.models import utcnow
from store.outbox import Delivery
from tests.store_fixtures import StoreEnv


class Alerts:
    def __init__(self) -> None:
        self.events: list[SecurityEvent] = []

    def raise_alert(self, event: SecurityEvent) -> None:
        self.events.append(event)


def test_stalled_messages_and_lost_sends_are_queued_again(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Ravi Kumar")
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        stalled = ledger.inbox.receive(conversation, "hello?", f"wamid.st.{contact.id}")
        assert stalled is not None
        stalled.created_at = utcnow() - timedelta(minutes=2)
        ledger.inbox.start(stalled)  # its worker died mid-turn
        other = ledger.conversations.open(ledger.contacts.create("Ana").id, "whatsapp")
        inbound = ledger.inbox.receive(other, "hi", f"wamid.q.{contact.id}")
        queued = ledger.conversations.add_message(other, "outbound", "Hi!", reply_to=inbound)
        ledger.outbox.hold(queued, Delivery.QUEUED)
        queued.delivery_at = utcnow() - timedelta(minutes=5)  # its send job was lost
        stalled_id, queued_id = stalled.id, queued.id
    answers: list[tuple[str, str]] = []
    sends: list[tuple[str, str]] = []
    ledgers = Ledgers(store.database, store.keys, store.catalogue)
    result = sweep(ledgers, 60, lambda *a: answers.append(a), lambda *a: sends.append(a), Alerts())
    assert (store.workspace, stalled_id) in answers
    assert (store.workspace, queued_id) in sends
    assert result.answers >= 1 and result.sends >= 1


def test_a_send_a_worker_never_finished_is_marked_unknown_not_resent(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        conversation = ledger.conversations.open(ledger.contacts.create("Lee").id, "whatsapp")
        inbound = ledger.inbox.receive(conversation, "hi", f"wamid.u.{conversation.id}")
        reply = ledger.conversations.add_message(conversation, "outbound", "Hi", reply_to=inbound)
        ledger.outbox.hold(reply, Delivery.QUEUED)
        reply_id = reply.id
    with store.ledger() as ledger:
        assert ledger.outbox.claim(reply_id)
        ledger.outbox.get(reply_id).delivery_at = utcnow() - timedelta(minutes=10)
    sends: list[tuple[str, str]] = []
    alerts = Alerts()
    ledgers = Ledgers(store.database, store.keys, store.catalogue)
    sweep(ledgers, 60, lambda *a: None, lambda *a: sends.append(a), alerts)
    with store.ledger() as ledger:
        message = ledger.outbox.get(reply_id)
        assert (message.delivery, message.delivery_error) == (Delivery.UNKNOWN, UNCERTAIN_REASON)
    assert (store.workspace, reply_id) not in sends
    assert any(event.kind == "delivery.uncertain" for event in alerts.events)
