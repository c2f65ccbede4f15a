"""Agent state in the store: leads, hand-off status, notice versions, egress text, and the
migrations matching the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from store.errors import InvalidInput
from store.models import Base, Lead, Message
from tests.store_fixtures import Backend, StoreEnv


def test_migrations_match_the_models(backend: Backend) -> None:
    engine = create_engine(backend.admin_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_lead_facts_round_trip_encrypted(store: StoreEnv) -> None:
    facts = {"budget": {"amount": "500000", "currency": "INR", "period": "year",
                        "text": "Priya's budget is ₹5 lakh a year"}}  # fmt: skip
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        assert ledger.leads.get(conversation).facts == {}
        ledger.leads.save_facts(conversation, facts, 72, "hot", ("Budget qualifies",))
        ledger.leads.save_follow_up(conversation, {"on": "2026-12-01", "note": "demo"})
    with store.ledger() as ledger:
        lead = ledger.leads.get(ledger.conversations.get(conversation.id))
        assert lead.facts == facts
        assert (lead.score, lead.priority, lead.reasons) == (72, "hot", ("Budget qualifies",))
        assert lead.follow_up == {"on": "2026-12-01", "note": "demo"}
        row = ledger.scope.session.scalars(select(Lead)).first()
        assert row is not None and row.facts_ct is not None
        assert b"Priya" not in row.facts_ct


def test_a_second_save_replaces_the_facts(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        ledger.leads.save_facts(conversation, {"need": {"text": "a CRM"}}, 20, "cold", ())
        ledger.leads.save_facts(conversation, {"need": {"text": "an ERP"}}, 25, "cold", ())
        assert ledger.leads.get(conversation).facts == {"need": {"text": "an ERP"}}


def test_hand_off_status_and_reason(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        conversation = ledger.conversations.open(contact.id, "email")
        assert conversation.status == "ai"
        ledger.conversations.set_status(conversation, "handed_off", "provider_error")
        assert (conversation.status, conversation.handoff_reason) == (
            "handed_off",
            "provider_error",
        )
        ledger.conversations.set_status(conversation, "ai")
        assert conversation.handoff_reason is None
        with pytest.raises(InvalidInput, match="status must be one of"):
            ledger.conversations.set_status(conversation, "paused")


def test_notice_is_due_until_its_version_is_shown(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        assert ledger.contacts.notice_due(contact, "v1")
        ledger.contacts.notice_shown(contact, "v1", "agent")
        assert not ledger.contacts.notice_due(contact, "v1")
        assert ledger.contacts.notice_due(contact, "v2")
        assert ledger.audit.entries()[0].action == "contact.notice_shown"


def test_message_author_and_egress_text(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        inbound = ledger.conversations.add_message(conversation, "inbound", "I am Priya")
        outbound = ledger.conversations.add_message(conversation, "outbound", "Hello")
        assert (inbound.author, outbound.author) == ("prospect", "ai")
        assert ledger.conversations.egress(inbound) is None
        ledger.conversations.set_egress(inbound, "I am <PERSON_1>")
    with store.ledger() as ledger:
        stored = ledger.scope.session.get(Message, inbound.id)
        assert stored is not None
        assert ledger.conversations.egress(stored) == "I am <PERSON_1>"
        with pytest.raises(InvalidInput, match="author must be one of"):
            ledger.conversations.add_message(
                ledger.conversations.get(conversation.id), "outbound", "x", author="bot"
            )
