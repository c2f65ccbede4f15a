"""Who may use the inbox and conversation pages: an auditor never sees conversations or acts
on them, a signed-out browser is sent to sign in, and every action needs the CSRF token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.console.cookies import CSRF_HEADER
from api.services import Services
from store.outbox import Delivery
from store.users import Role
from tests.api.console.console_client import csrf_of, make_account, sign_in
from tests.api.console.seed import Seeded, audit_actions, seed_conversation


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_conversation(services, "Meera Nair", "What does it cost?", draft="₹999 a seat.")


def _pages(seeded: Seeded) -> list[str]:
    page = f"/console/conversations/{seeded.conversation_id}"
    return ["/console/inbox", "/console/inbox/rows?known=x", page, f"{page}?egress=1"]


def _actions(seeded: Seeded) -> list[tuple[str, dict[str, str]]]:
    page = f"/console/conversations/{seeded.conversation_id}"
    draft = f"/console/drafts/{seeded.draft_id}"
    return [
        (f"{draft}/approve", {"text": "₹999 a seat."}),
        (f"{draft}/reject", {}),
        (f"{page}/take-over", {}),
        (f"{page}/give-back", {}),
        (f"{page}/reply", {"text": "Hello"}),
    ]


def _state(services: Services, seeded: Seeded) -> tuple[str, str | None, int]:
    """(conversation status, draft delivery, messages) — what an action would change."""
    with services.ledgers.open(services.settings.workspace) as ledger:
        conversation = ledger.conversations.get(seeded.conversation_id)
        assert seeded.draft_id is not None
        draft = ledger.outbox.get(seeded.draft_id)
        return conversation.status, draft.delivery, len(ledger.conversations.messages(conversation))


def test_an_auditor_sees_no_conversation_page(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    sign_in(client, make_account(services, "auditor@acme.example", Role.AUDITOR))
    for path in _pages(seeded):
        page = client.get(path)
        assert page.status_code == 403, path
        assert "Meera" not in page.text and "your role (auditor)" in page.text
    assert "console.inbox_viewed" not in audit_actions(services)
    assert "console.conversation_viewed" not in audit_actions(services)


def test_an_auditor_can_take_no_action(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    sign_in(client, make_account(services, "auditor@acme.example", Role.AUDITOR))
    token = csrf_of(client.get("/console/account"))
    before = _state(services, seeded)
    for path, data in _actions(seeded):
        answer = client.post(path, data=data, headers={CSRF_HEADER: token}, follow_redirects=False)
        assert answer.status_code == 403, path
        assert "your role (auditor) cannot use this page" in answer.text  # not the CSRF check
    assert _state(services, seeded) == before


def test_a_signed_out_browser_is_sent_to_sign_in(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    for path in _pages(seeded):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/console/login"


def test_every_action_without_the_csrf_token_is_refused(
    client: TestClient, services: Services, seeded: Seeded
) -> None:
    sign_in(client, make_account(services, "rep@acme.example", Role.REP))
    before = _state(services, seeded)
    for path, data in _actions(seeded):
        assert client.post(path, data=data, follow_redirects=False).status_code == 403, path
        forged = client.post(
            path, data=data, headers={CSRF_HEADER: "0" * 64}, follow_redirects=False
        )
        assert forged.status_code == 403, path
    assert _state(services, seeded) == before
    assert before == ("ai", Delivery.DRAFT, 2)
