"""Sending stored replies: at most once, rule breaks recorded with their code, and nothing lost
when the shared send budget cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.whatsapp.client import MAX_TEXT_CHARS, GraphClient
from connectors.whatsapp.errors import RateLimiterUnavailable
from connectors.whatsapp.outbound import WhatsAppSender
from connectors.whatsapp.rate_limit import SendRateLimiter
from fakes.graph_api import FakeGraphAPI
from store.identities import IdentityKind
from store.ledger import Ledgers
from store.outbox import Delivery
from tests.store_fixtures import StoreEnv

PHONE_NUMBER_ID = "106540352242922"


@pytest.fixture
def graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI() as fake:
        yield fake


def _queued_reply(store: StoreEnv, text: str) -> str:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Nisha Patel")
        ledger.contacts.add_identity(contact, IdentityKind.BSUID, f"IN.{contact.id[:12]}")
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        inbound = ledger.inbox.receive(conversation, "hi", f"wamid.{contact.id}")
        reply = ledger.conversations.add_message(conversation, "outbound", text, reply_to=inbound)
        ledger.outbox.hold(reply, Delivery.QUEUED)
        return reply.id


def _sender(store: StoreEnv, graph: FakeGraphAPI, limiter: SendRateLimiter | None = None):
    client = GraphClient(
        graph.base_url, PHONE_NUMBER_ID, graph.access_token, rate_limiter=limiter, max_attempts=1
    )
    return WhatsAppSender(Ledgers(store.database, store.keys, store.catalogue), client)


def test_a_queued_reply_is_sent_once(store: StoreEnv, graph: FakeGraphAPI) -> None:
    reply_id = _queued_reply(store, "Hello Nisha!")
    sender = _sender(store, graph)
    sender.deliver(store.workspace, reply_id)
    sender.deliver(store.workspace, reply_id)
    assert [text for _, text in graph.sent_texts()] == ["Hello Nisha!"]
    with store.ledger() as ledger:
        assert ledger.outbox.get(reply_id).delivery == Delivery.SENT


def test_a_text_breaking_a_rule_is_recorded_with_its_code(
    store: StoreEnv, graph: FakeGraphAPI
) -> None:
    reply_id = _queued_reply(store, "x" * (MAX_TEXT_CHARS + 1))
    _sender(store, graph).deliver(store.workspace, reply_id)
    with store.ledger() as ledger:
        message = ledger.outbox.get(reply_id)
        assert (message.delivery, message.delivery_error) == (Delivery.FAILED, "text_too_long")
    assert not graph.requests


def test_an_unreachable_send_budget_leaves_the_reply_queued(
    store: StoreEnv, graph: FakeGraphAPI
) -> None:
    reply_id = _queued_reply(store, "Hello again")
    unreachable = SendRateLimiter("redis://127.0.0.1:1/0")
    with pytest.raises(RateLimiterUnavailable):
        _sender(store, graph, unreachable).deliver(store.workspace, reply_id)
    with store.ledger() as ledger:
        assert ledger.outbox.get(reply_id).delivery == Delivery.QUEUED
    assert not graph.requests
