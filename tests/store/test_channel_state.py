"""Inbound processing state, the outbox's delivery states and conversation leases, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store.inbox import InboundState
from store.models import Conversation, utcnow
from store.outbox import Delivery
from tests.store_fixtures import StoreEnv


def _conversation(store: StoreEnv) -> str:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Asha Rao")
        return ledger.conversations.open(contact.id, "whatsapp").id


def test_a_channel_message_is_stored_once(store: StoreEnv) -> None:
    conversation_id = _conversation(store)
    with store.ledger() as ledger:
        conversation = ledger.conversations.get(conversation_id)
        first = ledger.inbox.receive(conversation, "hello", "wamid.1")
        again = ledger.inbox.receive(conversation, "hello", "wamid.1")
        assert first is not None and again is None
        assert first.state == InboundState.RECEIVED


def test_open_messages_come_oldest_first_and_attempts_are_counted(store: StoreEnv) -> None:
    conversation_id = _conversation(store)
    with store.ledger() as ledger:
        conversation = ledger.conversations.get(conversation_id)
        first = ledger.inbox.receive(conversation, "one", "wamid.a")
        ledger.inbox.receive(conversation, "two", "wamid.b")
        assert first is not None
    with store.ledger() as ledger:
        message = ledger.inbox.next_open(conversation_id)
        assert message is not None and message.id == first.id
        ledger.inbox.start(message)
        ledger.inbox.start(message)
        assert message.attempts == 2 and message.state == InboundState.PROCESSING
        ledger.inbox.finish(message, InboundState.ANSWERED)
    with store.ledger() as ledger:
        following = ledger.inbox.next_open(conversation_id)
        assert following is not None and ledger.conversations.body(following) == "two"


def test_stalled_finds_open_messages_no_live_worker_holds(store: StoreEnv) -> None:
    conversation_id = _conversation(store)
    with store.ledger() as ledger:
        message = ledger.inbox.receive(ledger.conversations.get(conversation_id), "hi", "wamid.s")
        assert message is not None
        message_id = message.id
    later = utcnow() + timedelta(seconds=10)
    with store.ledger() as ledger:
        assert (conversation_id, message_id) in ledger.inbox.stalled(later, later)
        assert ledger.leases.claim(conversation_id, "worker-a", seconds=60)
    with store.ledger() as ledger:  # held by a live worker: not stalled
        assert (conversation_id, message_id) not in ledger.inbox.stalled(later, utcnow())


def test_a_lease_is_exclusive_until_released_or_expired(store: StoreEnv) -> None:
    conversation_id = _conversation(store)
    with store.ledger() as ledger:
        assert ledger.leases.claim(conversation_id, "a", seconds=60)
        assert ledger.leases.claim(conversation_id, "a", seconds=60)  # renewal
        assert not ledger.leases.claim(conversation_id, "b", seconds=60)
        ledger.leases.release(conversation_id, "b")  # not b's to release
        assert not ledger.leases.claim(conversation_id, "b", seconds=60)
        ledger.leases.release(conversation_id, "a")
        assert ledger.leases.claim(conversation_id, "b", seconds=60)
        row = ledger.scope.session.get(Conversation, conversation_id)
        assert row is not None
        row.lease_until = utcnow() - timedelta(seconds=1)  # b died
        ledger.scope.session.flush()
        assert ledger.leases.claim(conversation_id, "c", seconds=60)


def _reply(store: StoreEnv) -> str:
    conversation_id = _conversation(store)
    with store.ledger() as ledger:
        conversation = ledger.conversations.get(conversation_id)
        inbound = ledger.inbox.receive(conversation, "hi", f"wamid.in.{conversation_id}")
        reply = ledger.conversations.add_message(
            conversation, "outbound", "Hello!", reply_to=inbound
        )
        ledger.outbox.hold(reply, Delivery.QUEUED)
        return reply.id


def test_one_reply_per_inbound_message(store: StoreEnv) -> None:
    from sqlalchemy.exc import IntegrityError

    conversation_id = _conversation(store)
    with pytest.raises(IntegrityError), store.ledger() as ledger:
        conversation = ledger.conversations.get(conversation_id)
        inbound = ledger.inbox.receive(conversation, "hi", "wamid.once")
        ledger.conversations.add_message(conversation, "outbound", "one", reply_to=inbound)
        ledger.conversations.add_message(conversation, "outbound", "two", reply_to=inbound)


def test_a_queued_reply_is_claimed_once(store: StoreEnv) -> None:
    reply_id = _reply(store)
    with store.ledger() as ledger:
        assert ledger.outbox.claim(reply_id)
    with store.ledger() as ledger:
        assert not ledger.outbox.claim(reply_id)
        ledger.outbox.sent(ledger.outbox.get(reply_id), "wamid.out.1")
        assert ledger.outbox.get(reply_id).delivery == Delivery.SENT


def test_receipts_only_move_forward_and_failures_keep_their_code(store: StoreEnv) -> None:
    reply_id = _reply(store)
    with store.ledger() as ledger:
        ledger.outbox.claim(reply_id)
        ledger.outbox.sent(ledger.outbox.get(reply_id), "wamid.out.2")
        assert ledger.outbox.receipt("wamid.out.2", "read")
        assert ledger.outbox.receipt("wamid.out.2", "delivered")
        assert ledger.outbox.get(reply_id).delivery == Delivery.READ
        assert not ledger.outbox.receipt("wamid.someone-else", "read")
        assert ledger.outbox.receipt("wamid.out.2", "failed", "whatsapp_131047")
        message = ledger.outbox.get(reply_id)
        assert (message.delivery, message.delivery_error) == (Delivery.FAILED, "whatsapp_131047")


def test_a_send_claimed_and_never_finished_is_found(store: StoreEnv) -> None:
    reply_id = _reply(store)
    with store.ledger() as ledger:
        ledger.outbox.claim(reply_id)
    with store.ledger() as ledger:
        assert [m.id for m in ledger.outbox.stuck_sending(utcnow() + timedelta(seconds=1))] == [
            reply_id
        ]
        assert ledger.outbox.stuck_sending(utcnow() - timedelta(minutes=5)) == []


def test_a_reply_waits_behind_an_earlier_one_of_its_conversation_still_on_its_way(
    store: StoreEnv,
) -> None:
    conversation_id = _conversation(store)
    with store.ledger() as ledger:
        conversation = ledger.conversations.get(conversation_id)
        first = ledger.conversations.add_message(conversation, "outbound", "first")
        second = ledger.conversations.add_message(conversation, "outbound", "second")
        second.created_at = first.created_at + timedelta(seconds=1)
        for message in (first, second):
            ledger.outbox.hold(message, Delivery.QUEUED)
        other = ledger.conversations.open(ledger.contacts.create().id, "whatsapp")
        elsewhere = ledger.conversations.add_message(other, "outbound", "elsewhere")
        ledger.outbox.hold(elsewhere, Delivery.QUEUED)
        ids = first.id, second.id, elsewhere.id
    with store.ledger() as ledger:
        first, second, elsewhere = (ledger.outbox.get(i) for i in ids)
        assert ledger.outbox.waits_behind(second)
        assert not ledger.outbox.waits_behind(first)
        assert not ledger.outbox.waits_behind(elsewhere)  # another conversation's queue
        assert ledger.outbox.claim(first.id)
        assert ledger.outbox.waits_behind(second)  # still being sent
        ledger.outbox.sent(first, "wamid.out.first")
        assert not ledger.outbox.waits_behind(second)
