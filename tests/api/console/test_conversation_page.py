"""The conversation page: decrypted messages, what the model was sent side by side, the lead
card, an audit entry per view, and 404 for anything not in the viewer's workspace."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from agent.purposes import MARKETING_PURPOSE, QUALIFY_PURPOSE
from api.services import Services
from store.users import Role
from tests.api.console.console_client import make_account, sign_in
from tests.api.console.seed import Seeded, score_lead, seed_conversation

PROSPECT_TEXT = "I am Meera Nair, call me on +91 98765 43210 about pricing."
SAFE_TEXT = "I am <PERSON_1>, call me on <PHONE_NUMBER_1> about pricing."


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_conversation(
        services,
        "Meera Nair",
        PROSPECT_TEXT,
        draft="Our plans start at ₹999 a seat.",
        phone="+91 98765 43210",
        egress=SAFE_TEXT,
    )


@pytest.fixture
def rep(client: TestClient, services: Services) -> None:
    sign_in(client, make_account(services, "rep@acme.example", Role.REP))


def _last_entry(services: Services) -> tuple[str, str, dict[str, object]]:
    with services.ledgers.open(services.settings.workspace) as ledger:
        entry = ledger.audit.entries(limit=1)[0]
        return entry.action, entry.subject, json.loads(entry.details)


def test_the_page_shows_the_real_messages_decrypted(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    page = client.get(f"/console/conversations/{seeded.conversation_id}")
    assert page.status_code == 200
    assert "Meera Nair" in page.text
    assert "+91 98765 43210 about pricing." in page.text
    assert "Our plans start at ₹999 a seat." in page.text
    assert SAFE_TEXT.replace("<", "&lt;") not in page.text  # only on request
    assert page.headers["cache-control"] == "no-store"
    assert _last_entry(services) == (
        "console.conversation_viewed",
        seeded.conversation_id,
        {"egress": False, "messages": 2},
    )


def test_on_request_each_message_shows_what_the_model_was_sent_beside_it(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    page = client.get(f"/console/conversations/{seeded.conversation_id}?egress=1")
    assert page.status_code == 200
    assert 'class="side-by-side"' in page.text
    side = page.text.split('class="side-by-side"', 1)[1]
    assert "+91 98765 43210 about pricing." in side  # the real text on the left
    assert "I am &lt;PERSON_1&gt;, call me on &lt;PHONE_NUMBER_1&gt; about pricing." in side
    assert "The model was sent" in side
    assert _last_entry(services)[2] == {"egress": True, "messages": 2}


def test_a_message_the_model_never_saw_says_so(
    client: TestClient, services: Services, rep: None
) -> None:
    seeded = seed_conversation(services, "Playbook Only", "Hello")  # no egress stored
    page = client.get(f"/console/conversations/{seeded.conversation_id}?egress=1")
    assert "Never sent to the model." in page.text


def test_the_lead_card_shows_words_values_score_consent_and_channels(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    score_lead(services, seeded.conversation_id, "hot", 82, "around fifty thousand a month")
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        ledger.consent.record(
            seeded.contact_id, MARKETING_PURPOSE, True, source_channel="whatsapp", actor="test"
        )
        ledger.consent.record(
            seeded.contact_id, MARKETING_PURPOSE, False, source_channel="whatsapp", actor="test"
        )
        contact = ledger.contacts.get(seeded.contact_id)
        ledger.contacts.set_objection(contact, QUALIFY_PURPOSE, True, "test")
    page = client.get(f"/console/conversations/{seeded.conversation_id}").text
    card = page.split('class="card lead-card"', 1)[1]
    assert "around fifty thousand a month" in card  # the prospect's own words
    assert "50000" in card and "INR" in card and "month" in card  # the normalised values
    assert ">82<" in card and "budget stated" in card and 'badge hot">hot' in card
    marketing = card.split(f">{MARKETING_PURPOSE}<", 1)[1].split("</tr>", 1)[0]
    assert ">withdrawn<" in marketing
    qualifying = card.split(f">{QUALIFY_PURPOSE}<", 1)[1].split("</tr>", 1)[0]
    assert ">objected<" in qualifying and ">not needed<" in qualifying  # a contract basis
    training = card.split(">ai_training<", 1)[1].split("</tr>", 1)[0]
    assert ">not asked<" in training
    assert "wa_id" in card and "+91 98765 43210" in card and "whatsapp" in card


def test_another_workspace_s_conversation_is_not_found(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    sign_in(client, make_account(services, "rep@globex.example", Role.REP, workspace="globex"))
    page = client.get(f"/console/conversations/{seeded.conversation_id}")
    assert page.status_code == 404
    assert "Meera" not in page.text


@pytest.mark.parametrize("conversation_id", ["0" * 32, "not-an-id", "A" * 32, "0" * 400])
def test_an_unknown_or_malformed_id_is_not_found(
    client: TestClient, services: Services, rep: None, conversation_id: str
) -> None:
    assert client.get(f"/console/conversations/{conversation_id}").status_code == 404


def test_the_page_carries_no_inline_script_or_style(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    page = client.get(f"/console/conversations/{seeded.conversation_id}?egress=1").text
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page


def test_the_model_s_own_reply_is_shown_with_its_placeholders(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        conversation = ledger.conversations.get(seeded.conversation_id)
        sent = ledger.conversations.add_message(conversation, "outbound", "Hello Meera Nair!")
        ledger.conversations.set_egress(sent, "Hello <PERSON_1>!")
    page = client.get(f"/console/conversations/{seeded.conversation_id}?egress=1").text
    reply = page.split("Hello Meera Nair!", 1)[1].split("</li>", 1)[0]
    assert "The model wrote" in reply and "Hello &lt;PERSON_1&gt;!" in reply
