"""Taking a conversation over from the AI: the AI gives it no reply, the rep's own replies pass
the same checks as an approved draft and are queued, and giving it back resumes the AI."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from agent.facts import load_rubric
from agent.fixed_replies import privacy_notice
from agent.pipeline import Assistant, AssistantConfig, ReplyKind
from agent.purposes import REPLY_PURPOSE
from api.services import Services
from guardrails.engine import GuardrailEngine
from store.outbox import Delivery
from store.users import Role
from tests.api.console.console_client import htmx_post, make_account, post_form, sign_in
from tests.api.console.seed import Seeded, add_inbound, seed_conversation


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_conversation(services, "Meera Nair", "What does it cost?")


@pytest.fixture
def rep(client: TestClient, services: Services) -> None:
    sign_in(client, make_account(services, "rep@acme.example", Role.REP))


def _page(seeded: Seeded) -> str:
    return f"/console/conversations/{seeded.conversation_id}"


def _status(services: Services, seeded: Seeded) -> str:
    with services.ledgers.open(services.settings.workspace) as ledger:
        return ledger.conversations.get(seeded.conversation_id).status


def _outbound(services: Services, seeded: Seeded) -> list[tuple[str, str, str | None]]:
    """(body, author, delivery) of the conversation's outbound messages."""
    with services.ledgers.open(services.settings.workspace) as ledger:
        conversation = ledger.conversations.get(seeded.conversation_id)
        return [
            (ledger.conversations.body(m), m.author, m.delivery)
            for m in ledger.conversations.messages(conversation)
            if m.direction == "outbound"
        ]


def _last_audit(services: Services) -> tuple[str, str, dict[str, object]]:
    with services.ledgers.open(services.settings.workspace) as ledger:
        entry = ledger.audit.entries(limit=1)[0]
        return entry.action, entry.subject, json.loads(entry.details)


def _assistant(engine: GuardrailEngine) -> Assistant:
    """The pipeline with no model: the scripted playbook answers whatever the AI may."""
    return Assistant(
        engine,
        AssistantConfig(
            company="Tarang Software",
            notice=privacy_notice("v2"),
            notice_version="v2",
            rubric=load_rubric(),
        ),
    )


def _take_over(client: TestClient, seeded: Seeded) -> None:
    answer = post_form(client, f"{_page(seeded)}/take-over", {}, _page(seeded))
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{_page(seeded)}?notice=taken_over"


def test_taking_over_stops_the_ai_and_giving_back_resumes_it(
    client: TestClient,
    services: Services,
    seeded: Seeded,
    rep: None,
    engine: GuardrailEngine,
) -> None:
    assistant = _assistant(engine)
    _take_over(client, seeded)
    assert _status(services, seeded) == "taken_over"
    with services.ledgers.open(services.settings.workspace) as ledger:
        reply = assistant.handle(ledger, seeded.conversation_id, seeded.inbound_id)
    assert reply.kind is ReplyKind.NONE and _outbound(services, seeded) == []

    answer = post_form(client, f"{_page(seeded)}/give-back", {}, _page(seeded))
    assert answer.status_code == 303 and _status(services, seeded) == "ai"
    assert _last_audit(services)[:2] == ("conversation.given_back", seeded.conversation_id)
    again = add_inbound(services, seeded.conversation_id, "Hello?", "wamid.again")
    with services.ledgers.open(services.settings.workspace) as ledger:
        reply = assistant.handle(ledger, seeded.conversation_id, again)
    assert reply.kind is ReplyKind.PLAYBOOK


def test_taking_over_is_audited_with_the_status_it_left(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    _take_over(client, seeded)
    action, subject, details = _last_audit(services)
    assert (action, subject, details) == (
        "conversation.taken_over",
        seeded.conversation_id,
        {"from": "ai"},
    )
    page = client.get(f"{_page(seeded)}?notice=taken_over").text
    assert "Give back to the AI" in page and 'id="reply-text"' in page
    assert "the AI will not reply" in page


def test_a_rep_reply_is_checked_stored_as_theirs_and_queued(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    _take_over(client, seeded)
    answer = post_form(
        client, f"{_page(seeded)}/reply", {"text": "I'll call you at 5."}, _page(seeded)
    )
    assert answer.status_code == 303
    assert _outbound(services, seeded) == [("I'll call you at 5.", "rep", Delivery.QUEUED)]
    action, message_id, details = _last_audit(services)
    assert action == "reply.written" and details == {}
    sends = [tuple(t.args) for t in services.queue.huey.pending() if t.name == "send"]
    assert sends == [("acme", message_id)]


def test_a_rep_reply_the_consent_gate_refuses_is_not_stored(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    _take_over(client, seeded)
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        contact = ledger.contacts.get(seeded.contact_id)
        ledger.contacts.set_objection(contact, REPLY_PURPOSE, True, "contact:whatsapp")
    answer = htmx_post(client, f"{_page(seeded)}/reply", _page(seeded), text="Still there?")
    assert answer.status_code == 200
    assert "Not sent" in answer.text and "(consent)" in answer.text
    assert _outbound(services, seeded) == []
    assert list(services.queue.huey.pending()) == []


def test_a_reply_breaking_the_channel_rules_is_refused(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    _take_over(client, seeded)
    answer = post_form(client, f"{_page(seeded)}/reply", {"text": "   "}, _page(seeded))
    assert answer.status_code == 422 and "empty_text" in answer.text
    assert _outbound(services, seeded) == []


def test_a_reply_needs_the_conversation_taken_over_first(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    answer = post_form(client, f"{_page(seeded)}/reply", {"text": "Hi"}, _page(seeded))
    assert answer.status_code == 409 and "Take the conversation over" in answer.text
    assert _outbound(services, seeded) == []


def test_taking_over_another_workspace_s_conversation_is_not_found(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    sign_in(client, make_account(services, "rep@globex.example", Role.REP, workspace="globex"))
    answer = post_form(client, f"{_page(seeded)}/take-over", {}, "/console/account")
    assert answer.status_code == 404
    assert _status(services, seeded) == "ai"
