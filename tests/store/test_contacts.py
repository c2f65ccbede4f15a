"""Contacts, identities, conversations and vaults, on both backends."""

from __future__ import annotations

import pytest

from store.errors import InvalidInput, NotFound
from store.identities import IdentityKind, normalise_identity
from tests.store_fixtures import StoreEnv


@pytest.mark.parametrize(
    "spelling", ["+91 98765 43210", "919876543210", "098765 43210", "+91-98765-43210"]
)
def test_contact_is_found_by_any_spelling_of_its_phone(store: StoreEnv, spelling: str) -> None:
    with store.ledger() as ledger:
        created = ledger.contacts.find_or_create(IdentityKind.WA_ID, "919876543210", "Priya")
    with store.ledger() as ledger:
        found = ledger.contacts.find(IdentityKind.PHONE, spelling)
        assert found is not None and found.id == created.id
        assert ledger.contacts.name(found) == "Priya"
        assert ledger.contacts.identities(found) == [(IdentityKind.WA_ID, "919876543210")]


def test_email_lookup_ignores_case_and_spaces(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        created = ledger.contacts.find_or_create(IdentityKind.EMAIL, "Priya.Sharma@Gmail.com")
        assert ledger.contacts.find(IdentityKind.EMAIL, " priya.sharma@gmail.com") == created


def test_workspaces_never_see_each_other(store: StoreEnv) -> None:
    other = store.workspace + "-other"
    with store.ledger() as ledger:
        mine = ledger.contacts.find_or_create(IdentityKind.PHONE, "+91 98765 43210", "Priya")
        conversation = ledger.conversations.open(mine.id, "whatsapp")
    with store.ledger(other) as ledger:
        assert ledger.contacts.find(IdentityKind.PHONE, "+91 98765 43210") is None
        with pytest.raises(NotFound):
            ledger.contacts.get(mine.id)
        with pytest.raises(NotFound):
            ledger.vault(conversation.id)
        theirs = ledger.contacts.find_or_create(IdentityKind.PHONE, "+91 98765 43210")
        assert theirs.id != mine.id


def test_an_identity_belongs_to_one_contact(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        ledger.contacts.find_or_create(IdentityKind.EMAIL, "a@example.com")
        someone_else = ledger.contacts.create("B")
        with pytest.raises(InvalidInput, match="another contact"):
            ledger.contacts.add_identity(someone_else, IdentityKind.EMAIL, "A@example.com")


@pytest.mark.parametrize(
    ("kind", "value"), [(IdentityKind.PHONE, "call me"), (IdentityKind.EMAIL, "no-at-sign")]
)
def test_invalid_identifiers_are_refused(kind: IdentityKind, value: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_identity(kind, value)


def test_messages_round_trip_encrypted(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        ledger.conversations.add_message(conversation, "inbound", "first")
        ledger.conversations.add_message(conversation, "outbound", "second")
        assert ledger.conversations.open(contact.id, "whatsapp").id == conversation.id
        with pytest.raises(InvalidInput, match="direction"):
            ledger.conversations.add_message(conversation, "sideways", "x")
    with store.ledger() as ledger:
        stored = ledger.conversations.messages(ledger.conversations.get(conversation.id))
        assert [ledger.conversations.body(m) for m in stored] == ["first", "second"]
        assert all(b"first" not in m.body_ct for m in stored)


def test_vault_keeps_placeholders_across_turns_and_conversations_apart(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        first = ledger.conversations.open(contact.id, "whatsapp")
        second = ledger.conversations.open(contact.id, "email")
        vault = ledger.vault(first.id)
        assert vault.placeholder_for("PERSON", "Priya") == "<PERSON_1>"
        assert vault.placeholder_for("PHONE_NUMBER", "+91 98765 43210") == "<PHONE_NUMBER_1>"
    with store.ledger() as ledger:
        vault = ledger.vault(first.id)
        assert vault.placeholder_for("PHONE_NUMBER", "9876543210") == "<PHONE_NUMBER_1>"
        assert vault.placeholder_for("PERSON", "Ravi") == "<PERSON_2>"
        assert vault.resolve("<PERSON_1>") == "Priya"
        assert ledger.vault(second.id).resolve("<PERSON_1>") is None
