"""Linking a prospect's channels through the identifiers they give, one-click unsubscribe
links, and marketing follow-ups' consent checks."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agent.errors import ChannelRuleBroken, FollowUpRefused, InvalidUnsubscribeLink
from agent.follow_ups import queue_follow_up, still_wanted
from agent.identity_links import link_identities
from agent.unsubscribe import contact_for_token, unsubscribe, unsubscribe_token, unsubscribe_url
from guardrails.engine import GuardrailEngine
from store.identities import IdentityKind
from store.ledger import Ledger
from store.models import AuditEntry, Conversation
from store.outbox import Delivery
from tests.store_fixtures import StoreEnv


def _allow(ledger: Ledger, conversation: Conversation, text: str) -> None:
    """A channel with no rules of its own."""


def test_an_email_and_phone_the_prospect_gives_become_their_identities(
    store: StoreEnv, engine: GuardrailEngine
) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("Meera Iyer")
        texts = ["Mail me at meera.iyer@lotustex.in or call +91 98450 12345.", "thanks"]
        result = link_identities(ledger, engine, contact, texts, "agent")
        assert result.linked == 2 and result.conflicts == 0
        email_owner = ledger.contacts.find(IdentityKind.EMAIL, "Meera.Iyer@lotustex.in")
        assert email_owner is not None and email_owner.id == contact.id
        # A WhatsApp wa_id is a phone number: the same person is found from either channel.
        phone_owner = ledger.contacts.find(IdentityKind.WA_ID, "919845012345")
        assert phone_owner is not None and phone_owner.id == contact.id
        again = link_identities(ledger, engine, contact, texts, "agent")
        assert again.linked == 0 and again.conflicts == 0


def test_an_identifier_of_another_contact_is_a_conflict_not_a_merge(
    store: StoreEnv, engine: GuardrailEngine
) -> None:
    with store.ledger() as ledger:
        owner = ledger.contacts.find_or_create(IdentityKind.EMAIL, "raj@lotustex.in", "Raj")
        other = ledger.contacts.create("Meera Iyer")
        result = link_identities(ledger, engine, other, ["cc raj@lotustex.in"], "agent")
        assert result.conflicts == 1 and result.linked == 0
        found = ledger.contacts.find(IdentityKind.EMAIL, "raj@lotustex.in")
        assert found is not None and found.id == owner.id
    with store.database.session() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "contact.link_conflict" in actions


def test_text_without_identifiers_is_not_analysed(store: StoreEnv) -> None:
    class Exploding:
        def contact_details(self, text: str) -> list[object]:
            raise AssertionError("the recognisers ran on a text with no identifier in it")

    with store.ledger() as ledger:
        contact = ledger.contacts.create("Meera Iyer")
        result = link_identities(ledger, Exploding(), contact, ["We need 12 seats"], "agent")  # type: ignore[arg-type]
        assert result.linked == 0


def test_unsubscribe_links_are_signed_per_contact(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        first = ledger.contacts.create("A")
        second = ledger.contacts.create("B")
        token = unsubscribe_token(ledger, first.id)
        assert contact_for_token(ledger, token) == first.id
        assert unsubscribe_url("https://aspinix.test/", token).startswith(
            "https://aspinix.test/unsubscribe/"
        )
        signature = token.split(".")[1]
        tampered = token[:-1] + ("1" if token.endswith("0") else "0")
        for forged in (f"{second.id}.{signature}", tampered, first.id, "", "x.y"):
            with pytest.raises(InvalidUnsubscribeLink):
                contact_for_token(ledger, forged)


def test_unsubscribing_withdraws_marketing_once_with_the_method_as_evidence(
    store: StoreEnv,
) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("A")
        ledger.consent.record(
            contact.id, "marketing_followup", True, source_channel="gmail", actor="contact:t"
        )
        token = unsubscribe_token(ledger, contact.id)
        assert unsubscribe(ledger, token, method="rfc8058_one_click", source_channel="gmail")
        assert not unsubscribe(ledger, token, method="rfc8058_one_click", source_channel="gmail")
        history = ledger.consent.history(contact.id)
        assert [record.granted for record in history] == [True, False]
        assert history[-1].actor == "contact:one-click-unsubscribe"


def test_a_follow_up_needs_marketing_consent_when_queued_and_when_sent(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create("A")
        conversation = ledger.conversations.open(contact.id, "gmail")
        with pytest.raises(FollowUpRefused) as refused:
            queue_follow_up(ledger, conversation.id, "Offer!", "rep", _allow)
        assert refused.value.code == "consent"
        ledger.consent.record(
            contact.id, "marketing_followup", True, source_channel="gmail", actor="contact:t"
        )
        message = queue_follow_up(ledger, conversation.id, "Offer!", "rep", _allow)
        assert message.delivery == Delivery.QUEUED and still_wanted(ledger, message)
        unsubscribe(
            ledger, unsubscribe_token(ledger, contact.id), method="page", source_channel="gmail"
        )
        assert not still_wanted(ledger, message)


def test_a_follow_up_the_channel_refuses_is_not_queued(store: StoreEnv) -> None:
    def closed(ledger: Ledger, conversation: Conversation, text: str) -> None:
        raise ChannelRuleBroken("outside_24h_window", "closed")

    with store.ledger() as ledger:
        contact = ledger.contacts.create("A")
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        ledger.consent.record(
            contact.id, "marketing_followup", True, source_channel="gmail", actor="contact:t"
        )
        with pytest.raises(FollowUpRefused) as refused:
            queue_follow_up(ledger, conversation.id, "Offer!", "rep", closed)
        assert refused.value.code == "outside_24h_window"
