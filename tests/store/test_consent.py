"""Consent records, the gate over the store, channel keywords and processing records."""

from __future__ import annotations

import pytest

from guardrails.errors import (
    ConsentMissing,
    ConsentWithdrawn,
    MinorProtected,
    ProcessingRestricted,
    UnknownPurpose,
)
from store.processing import Recipient
from tests.store_fixtures import StoreEnv

OPENAI = Recipient("api.openai.com", "gpt-4o-mini", "us")


def test_history_is_appended_and_latest_record_decides(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        for granted in (True, False, True):
            ledger.consent.record(
                contact.id,
                "marketing_followup",
                granted,
                source_channel="whatsapp",
                actor="test",
                notice_version="v1",
            )
    with store.ledger() as ledger:
        history = ledger.consent.history(contact.id)
        assert [r.granted for r in history] == [True, False, True]
        assert all(r.notice_version == "v1" for r in history)
        ledger.require(contact.id, "marketing_followup")
        actions = [e.action for e in reversed(ledger.audit.entries())]
        assert actions == ["consent.granted", "consent.withdrawn", "consent.granted"]


def test_stop_withdraws_marketing_with_evidence_and_start_grants_it(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        stop = ledger.conversations.add_message(conversation, "inbound", "STOP")
        keyword = ledger.consent.apply_channel_keyword(
            contact.id, "STOP", source_channel="whatsapp", message_id=stop.id
        )
        assert keyword == "stop"
        with pytest.raises(ConsentWithdrawn):
            ledger.require(contact.id, "marketing_followup")
        ledger.require(contact.id, "lead_qualification")  # the conversation itself goes on
        start = ledger.conversations.add_message(conversation, "inbound", "shuru karo")
        ledger.consent.apply_channel_keyword(
            contact.id, "shuru karo", source_channel="whatsapp", message_id=start.id
        )
        ledger.require(contact.id, "marketing_followup")
        evidence = [r.evidence_message_id for r in ledger.consent.history(contact.id)]
        assert evidence == [stop.id, start.id]
        assert (
            ledger.consent.apply_channel_keyword(
                contact.id, "what does it cost?", source_channel="whatsapp", message_id=None
            )
            is None
        )


def test_rights_flags_reach_the_gate_and_are_audited(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        ledger.contacts.flag_age(contact, 16, minor_age=18, actor="rep:1")
        with pytest.raises(MinorProtected):
            ledger.require(contact.id, "lead_qualification")
        ledger.contacts.flag_age(contact, 30, minor_age=18, actor="rep:1")
        ledger.contacts.set_restricted(contact, True, actor="dpo")
        with pytest.raises(ProcessingRestricted):
            ledger.require(contact.id, "crm_sync")
        actions = {e.action for e in ledger.audit.entries()}
        assert {"contact.age_flagged", "contact.restricted"} <= actions


def test_processing_record_holds_basis_and_hash_never_payload(store: StoreEnv) -> None:
    payload = "Hi <PERSON_1>, our plan costs ₹5 lakh"
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        record = ledger.record_processing(
            contact.id, "lead_qualification", OPENAI, payload, {"PERSON": 1}, "qualify.v1"
        )
        assert record.lawful_basis == "contract"
        assert record.recipient_model == "gpt-4o-mini"
        assert len(record.payload_sha256) == 64 and "PERSON_1" not in str(record.__dict__)
        with pytest.raises(ConsentMissing):
            ledger.record_processing(contact.id, "marketing_followup", OPENAI, payload, {})
        with pytest.raises(UnknownPurpose):
            ledger.record_processing(contact.id, "resale", OPENAI, payload, {})
        assert ledger.audit.entries()[0].action == "processing.recorded"
