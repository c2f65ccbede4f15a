"""Connected Gmail mailboxes: encrypted credentials, the sync lease and its request flag, the
history position, and messages fetched once; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from guardrails.errors import SourceForbidden
from store.mailboxes import MailboxStatus
from store.models import AuditEntry, Mailbox, utcnow
from store.processing import Recipient
from tests.store_fixtures import StoreEnv

ADDRESS = "Sales@Tarang.example"
CREDENTIALS = {"client_id": "cid", "client_secret": "secret", "refresh_token": "1//rt"}


def _connect(store: StoreEnv) -> str:
    with store.ledger() as ledger:
        return ledger.mailboxes.connect(ADDRESS, CREDENTIALS, "100", "admin:test").id


def test_credentials_and_address_are_encrypted_and_found_by_blind_index(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        found = ledger.mailboxes.find("sales@tarang.example ")
        assert found is not None and found.id == mailbox_id
        assert ledger.mailboxes.credentials(found) == CREDENTIALS
        assert ledger.mailboxes.address(found) == ADDRESS
        assert b"refresh" not in found.credentials_ct and b"Sales" not in found.address_ct
        assert ledger.mailboxes.find("other@tarang.example") is None


def test_reconnecting_replaces_the_credentials_of_the_same_mailbox(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        again = ledger.mailboxes.connect(ADDRESS, {"refresh_token": "new"}, "200", "admin:test")
        assert again.id == mailbox_id
        assert ledger.mailboxes.credentials(again) == {"refresh_token": "new"}
        assert again.history_id == "200"


def test_revoked_and_disconnected_mailboxes_are_not_connected_and_are_audited(
    store: StoreEnv,
) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        mailbox = ledger.mailboxes.get(mailbox_id)
        ledger.mailboxes.mark_revoked(mailbox, "worker")
        assert mailbox.status == MailboxStatus.REVOKED and ledger.mailboxes.connected() == []
        ledger.mailboxes.disconnect(mailbox, "admin:test")
        assert ledger.mailboxes.credentials(mailbox) is None
    with store.database.session() as session:
        actions = list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.subject == mailbox_id)
                .order_by(AuditEntry.seq)
            )
        )
    assert actions == ["gmail.connected", "gmail.token_revoked", "gmail.disconnected"]


def test_one_syncer_at_a_time_and_a_request_meanwhile_is_reported(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        assert ledger.mailboxes.claim_sync(mailbox_id, "w1", 60)
    with store.ledger() as ledger:
        assert not ledger.mailboxes.claim_sync(mailbox_id, "w2", 60)
        ledger.mailboxes.request_sync(mailbox_id)
    with store.ledger() as ledger:
        assert ledger.mailboxes.release_sync(mailbox_id, "w1") is True
    with store.ledger() as ledger:
        assert ledger.mailboxes.claim_sync(mailbox_id, "w2", 60)  # the request flag clears
        assert ledger.mailboxes.release_sync(mailbox_id, "w2") is False


def test_a_dead_syncers_lease_runs_out(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        assert ledger.mailboxes.claim_sync(mailbox_id, "dead", 60)
        ledger.scope.session.get(Mailbox, mailbox_id).sync_until = utcnow() - timedelta(seconds=1)
    with store.ledger() as ledger:
        assert ledger.mailboxes.claim_sync(mailbox_id, "alive", 60)


def test_history_position_never_moves_backwards(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        mailbox = ledger.mailboxes.get(mailbox_id)
        ledger.mailboxes.advance(mailbox, "1000")
        ledger.mailboxes.advance(mailbox, "999")
        assert mailbox.history_id == "1000" and mailbox.last_sync_at is not None


def test_each_message_is_seen_once(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        assert ledger.mailboxes.unseen(mailbox_id, ["a", "b", "a"]) == ["a", "b"]
        assert ledger.mailboxes.mark_seen(mailbox_id, "a", "stored")
        assert not ledger.mailboxes.mark_seen(mailbox_id, "a", "stored")
        assert ledger.mailboxes.unseen(mailbox_id, ["a", "b", "c"]) == ["b", "c"]


def test_watches_due_for_renewal(store: StoreEnv) -> None:
    mailbox_id = _connect(store)
    with store.ledger() as ledger:
        mailbox = ledger.mailboxes.get(mailbox_id)
        assert ledger.mailboxes.watches_due(timedelta(days=1)) == [mailbox]
        ledger.mailboxes.watch_renewed(mailbox, utcnow() + timedelta(days=7))
    with store.ledger() as ledger:
        assert ledger.mailboxes.watches_due(timedelta(days=1)) == []
        assert len(ledger.mailboxes.watches_due(timedelta(days=8))) == 1


def test_gmail_conversation_content_never_serves_ai_training(store: StoreEnv) -> None:
    """Limited Use: even with the contact's consent, the gate refuses AI training on a Gmail
    conversation, and no processing record can be written for it."""
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Asha Rao")
        ledger.consent.record(
            contact.id, "ai_training", True, source_channel="gmail", actor="contact:test"
        )
        gmail = ledger.conversations.open(contact.id, "gmail")
        whatsapp = ledger.conversations.open(contact.id, "whatsapp")
        with pytest.raises(SourceForbidden):
            ledger.require_for_conversation(gmail.id, "ai_training")
        assert ledger.require_for_conversation(whatsapp.id, "ai_training")
        with pytest.raises(SourceForbidden):
            ledger.record_processing(
                contact.id,
                "ai_training",
                Recipient("api.openai.com"),
                "payload",
                {},
                conversation_id=gmail.id,
            )
