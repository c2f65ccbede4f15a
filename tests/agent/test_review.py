"""A rep's review of drafts: approval (as written or edited) passes the consent gate and the
channel's rules; a refusal stays a draft with its reason; rejection is final."""

from __future__ import annotations

import pytest

from agent.errors import ChannelRuleBroken, DraftNotPending, DraftRefused
from agent.review import approve_draft, reject_draft
from store.ledger import Ledger
from store.models import Conversation
from store.outbox import Delivery
from tests.store_fixtures import StoreEnv

SENT_TEXTS: list[str] = []


def _allow(ledger: Ledger, conversation: Conversation, text: str) -> None:
    SENT_TEXTS.append(text)


def _closed_window(ledger: Ledger, conversation: Conversation, text: str) -> None:
    raise ChannelRuleBroken("outside_24h_window", "the 24-hour window has closed")


def _draft(store: StoreEnv) -> tuple[str, str]:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Meera Nair")
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        inbound = ledger.inbox.receive(conversation, "price?", f"wamid.{contact.id}")
        draft = ledger.conversations.add_message(
            conversation, "outbound", "₹999 a seat.", reply_to=inbound
        )
        ledger.outbox.hold(draft, Delivery.DRAFT)
        return contact.id, draft.id


def test_an_approved_draft_is_queued_as_written(store: StoreEnv) -> None:
    _, draft_id = _draft(store)
    with store.ledger() as ledger:
        message = approve_draft(ledger, draft_id, "rep:1", _allow)
        assert (message.delivery, message.author) == (Delivery.QUEUED, "ai")
        assert ledger.conversations.body(message) == "₹999 a seat."
        assert ledger.audit.entries(limit=1)[0].action == "draft.approved"


def test_an_edited_draft_is_checked_and_sent_as_the_rep_wrote_it(store: StoreEnv) -> None:
    _, draft_id = _draft(store)
    with store.ledger() as ledger:
        message = approve_draft(ledger, draft_id, "rep:1", _allow, "₹999 a seat a month.")
        assert ledger.conversations.body(message) == "₹999 a seat a month."
        assert message.author == "rep"
    assert SENT_TEXTS[-1] == "₹999 a seat a month."


def test_a_broken_channel_rule_keeps_the_draft_with_its_reason(store: StoreEnv) -> None:
    _, draft_id = _draft(store)
    with store.ledger() as ledger, pytest.raises(DraftRefused) as refused:
        approve_draft(ledger, draft_id, "rep:1", _closed_window)
    assert refused.value.code == "outside_24h_window"
    with store.ledger() as ledger:
        message = ledger.outbox.get(draft_id)
        assert (message.delivery, message.delivery_error) == (Delivery.DRAFT, "outside_24h_window")


def test_a_prospect_who_restricted_processing_gets_no_approved_draft(store: StoreEnv) -> None:
    contact_id, draft_id = _draft(store)
    with store.ledger() as ledger:
        ledger.contacts.set_restricted(ledger.contacts.get(contact_id), True, "dpo")
    with store.ledger() as ledger, pytest.raises(DraftRefused) as refused:
        approve_draft(ledger, draft_id, "rep:1", _allow)
    assert refused.value.code == "consent"


def test_a_rejected_draft_cannot_be_approved(store: StoreEnv) -> None:
    _, draft_id = _draft(store)
    with store.ledger() as ledger:
        assert reject_draft(ledger, draft_id, "rep:1").delivery == Delivery.REJECTED
    with store.ledger() as ledger, pytest.raises(DraftNotPending):
        approve_draft(ledger, draft_id, "rep:1", _allow)
