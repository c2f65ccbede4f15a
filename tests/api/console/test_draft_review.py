"""Reviewing drafts on the conversation page: approve as written or edited (the edited text
passes the same checks and is what gets queued), a refusal keeps the draft with its reason,
reject; with and without htmx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from agent.purposes import REPLY_PURPOSE
from api.console.routes.conversations import MAX_TEXT_CHARS
from api.services import Services
from store.outbox import Delivery
from store.users import Role
from tests.api.console.console_client import htmx_post, make_account, post_form, sign_in
from tests.api.console.seed import Seeded, audit_actions, seed_conversation

DRAFT = "Our plans start at ₹999 a seat."


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_conversation(services, "Meera Nair", "What does it cost?", draft=DRAFT)


@pytest.fixture
def rep(client: TestClient, services: Services) -> None:
    sign_in(client, make_account(services, "rep@acme.example", Role.REP))


def _draft(services: Services, seeded: Seeded) -> tuple[str, str, str | None, str]:
    """(body, delivery, delivery error, author) of the seeded draft as stored now."""
    assert seeded.draft_id is not None
    with services.ledgers.open(services.settings.workspace) as ledger:
        message = ledger.outbox.get(seeded.draft_id)
        body = ledger.conversations.body(message)
        return body, message.delivery or "", message.delivery_error, message.author


def _queued_sends(services: Services) -> list[tuple[object, ...]]:
    return [tuple(task.args) for task in services.queue.huey.pending() if task.name == "send"]


def _page(seeded: Seeded) -> str:
    return f"/console/conversations/{seeded.conversation_id}"


def test_approving_with_an_edit_sends_the_edited_text(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    edited = "Our plans start at ₹999 a seat,\r\nbilled monthly."
    answer = post_form(
        client, f"/console/drafts/{seeded.draft_id}/approve", {"text": edited}, _page(seeded)
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{_page(seeded)}?notice=approved"
    body, delivery, _, author = _draft(services, seeded)
    assert (body, delivery, author) == (
        "Our plans start at ₹999 a seat,\nbilled monthly.",
        Delivery.QUEUED,
        "rep",
    )
    assert _queued_sends(services) == [("acme", seeded.draft_id)]
    assert "draft.approved" in audit_actions(services)
    assert "queued to send" in client.get(answer.headers["location"]).text


def test_approving_unchanged_text_keeps_the_ai_as_its_author(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    answer = post_form(
        client, f"/console/drafts/{seeded.draft_id}/approve", {"text": DRAFT}, _page(seeded)
    )
    assert answer.status_code == 303
    assert _draft(services, seeded)[1:] == (Delivery.QUEUED, None, "ai")


def test_an_approval_the_consent_gate_refuses_keeps_the_draft_with_its_reason(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    # Replies rest on a contract, not consent: the prospect stops them by objecting.
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        contact = ledger.contacts.get(seeded.contact_id)
        ledger.contacts.set_objection(contact, REPLY_PURPOSE, True, "contact:whatsapp")
    answer = post_form(
        client, f"/console/drafts/{seeded.draft_id}/approve", {"text": "Edited"}, _page(seeded)
    )
    assert answer.status_code == 422
    assert "Not sent" in answer.text and "(consent)" in answer.text
    assert _draft(services, seeded) == (DRAFT, Delivery.DRAFT, "consent", "ai")
    assert _queued_sends(services) == []
    assert 'badge bad">consent' in client.get(_page(seeded)).text


def test_a_closed_whatsapp_window_is_shown_under_htmx_and_the_draft_stays(
    client: TestClient, services: Services, rep: None
) -> None:
    seeded = seed_conversation(services, "Late Lata", "Hi", draft="Hello!")
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        inbound = ledger.inbox.get(seeded.inbound_id)
        inbound.created_at = inbound.created_at.replace(year=inbound.created_at.year - 1)
    answer = htmx_post(
        client, f"/console/drafts/{seeded.draft_id}/approve", _page(seeded), text="Hello!"
    )
    assert answer.status_code == 200
    assert 'id="conversation"' in answer.text and "<html" not in answer.text
    assert "outside_24h_window" in answer.text
    assert _draft(services, seeded)[1:3] == (Delivery.DRAFT, "outside_24h_window")


def test_approving_under_htmx_swaps_the_conversation_with_a_notice(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    answer = htmx_post(
        client, f"/console/drafts/{seeded.draft_id}/approve", _page(seeded), text=DRAFT
    )
    assert answer.status_code == 200
    assert "queued to send" in answer.text and "<html" not in answer.text
    assert 'data-shortcut="a"' not in answer.text  # no draft waits any more
    assert _queued_sends(services) == [("acme", seeded.draft_id)]


def test_rejecting_discards_the_draft(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    answer = post_form(client, f"/console/drafts/{seeded.draft_id}/reject", {}, _page(seeded))
    assert answer.status_code == 303
    assert _draft(services, seeded)[1] == Delivery.REJECTED
    assert _queued_sends(services) == []
    assert "draft.rejected" in audit_actions(services)


def test_a_draft_handled_already_is_a_conflict_with_a_clear_message(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    post_form(client, f"/console/drafts/{seeded.draft_id}/reject", {}, _page(seeded))
    again = post_form(
        client, f"/console/drafts/{seeded.draft_id}/approve", {"text": DRAFT}, _page(seeded)
    )
    assert again.status_code == 409
    assert "already handled" in again.text
    assert _draft(services, seeded)[1] == Delivery.REJECTED


def test_a_text_over_the_limit_is_refused_and_the_draft_kept(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    answer = post_form(
        client,
        f"/console/drafts/{seeded.draft_id}/approve",
        {"text": "x" * (MAX_TEXT_CHARS + 1)},
        _page(seeded),
    )
    assert answer.status_code == 422
    assert "longer than 65,536 characters" in answer.text
    assert _draft(services, seeded)[:2] == (DRAFT, Delivery.DRAFT)


def test_the_draft_carries_its_keyboard_shortcuts(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    page = client.get(_page(seeded)).text
    assert 'data-shortcut="a" data-submit-shortcut>Approve' in page
    assert 'data-shortcut="r">Reject' in page
    assert f'id="draft-{seeded.draft_id}" name="text" maxlength="65536" data-shortcut="e"' in page
    assert "<kbd>a</kbd>" in page


@pytest.mark.parametrize("draft_id", ["0" * 32, "nope"])
def test_an_unknown_draft_is_not_found(
    client: TestClient, services: Services, seeded: Seeded, rep: None, draft_id: str
) -> None:
    answer = post_form(client, f"/console/drafts/{draft_id}/approve", {"text": "x"}, _page(seeded))
    assert answer.status_code == 404


def test_another_workspace_s_draft_is_not_found(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    sign_in(client, make_account(services, "rep@globex.example", Role.REP, workspace="globex"))
    answer = post_form(client, f"/console/drafts/{seeded.draft_id}/reject", {}, "/console/account")
    assert answer.status_code == 404
    assert _draft(services, seeded)[1] == Delivery.DRAFT


def test_the_inbound_message_is_not_a_draft(
    client: TestClient, services: Services, seeded: Seeded, rep: None
) -> None:
    answer = post_form(client, f"/console/drafts/{seeded.inbound_id}/reject", {}, _page(seeded))
    assert answer.status_code == 404
