"""The inbox: conversations of the viewer's workspace only, newest first, its filters, and the
live rows that answer 204 (decrypting and auditing nothing) until something changes."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from store.users import Role
from tests.api.console.console_client import make_account, sign_in
from tests.api.console.seed import (
    add_inbound,
    audit_actions,
    score_lead,
    seed_conversation,
    set_status,
)

_MARKER = re.compile(r"known=([0-9a-f]+)")


def _signed_in_rep(client: TestClient, services: Services) -> None:
    sign_in(client, make_account(services, "rep@acme.example", Role.REP))


def _names(page: str) -> list[str]:
    """The contact names of the inbox rows, top to bottom."""
    return re.findall(r'<a href="/console/conversations/[0-9a-f]{32}">([^<]*)</a>', page)


@pytest.fixture
def inbox(services: Services) -> dict[str, str]:
    """Four conversations in acme (one per filter) and one in another workspace."""
    hot = seed_conversation(services, "Hot Harini", "We need it this month.")
    score_lead(services, hot.conversation_id, "hot", 85, "about 50k a month")
    review = seed_conversation(services, "Review Ravi", "Price?", draft="₹999 a seat.")
    handed = seed_conversation(services, "Handed Hema", "Can I talk to a person?")
    set_status(services, handed.conversation_id, "handed_off", "asked_for_human")
    mail = seed_conversation(services, "Mail Mohan", "Hello by mail", channel="gmail")
    seed_conversation(services, "Other Omar", "Not yours", workspace="globex")
    return {
        "hot": hot.conversation_id,
        "review": review.conversation_id,
        "handed": handed.conversation_id,
        "mail": mail.conversation_id,
    }


def test_the_inbox_lists_the_workspace_s_conversations_newest_first(
    client: TestClient, services: Services, inbox: dict[str, str]
) -> None:
    _signed_in_rep(client, services)
    page = client.get("/console/inbox")
    assert page.status_code == 200
    assert _names(page.text) == ["Mail Mohan", "Handed Hema", "Review Ravi", "Hot Harini"]
    assert "Other Omar" not in page.text
    assert "1 to review" in page.text and "asked_for_human" in page.text
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("view=review", ["Review Ravi"]),
        ("view=hot", ["Hot Harini"]),
        ("view=handed_off", ["Handed Hema"]),
        ("view=taken_over", []),
        ("channel=gmail", ["Mail Mohan"]),
        ("channel=whatsapp", ["Handed Hema", "Review Ravi", "Hot Harini"]),
        ("view=review&channel=gmail", []),
    ],
)
def test_each_filter_gives_its_rows_of_this_workspace_only(
    client: TestClient,
    services: Services,
    inbox: dict[str, str],
    query: str,
    expected: list[str],
) -> None:
    _signed_in_rep(client, services)
    page = client.get(f"/console/inbox?{query}")
    assert page.status_code == 200
    assert _names(page.text) == expected


def test_the_filter_in_force_is_marked_for_assistive_technology(
    client: TestClient, services: Services, inbox: dict[str, str]
) -> None:
    _signed_in_rep(client, services)
    page = client.get("/console/inbox?view=hot&channel=whatsapp").text
    assert 'href="/console/inbox?view=hot&amp;channel=whatsapp" aria-current="true">Hot' in page
    assert 'aria-current="true">WhatsApp' in page
    assert 'aria-current="true">All<' not in page


def test_another_workspace_sees_only_its_own(
    client: TestClient, services: Services, inbox: dict[str, str]
) -> None:
    sign_in(client, make_account(services, "rep@globex.example", Role.REP, workspace="globex"))
    assert _names(client.get("/console/inbox").text) == ["Other Omar"]


def test_an_unknown_filter_is_a_page_that_does_not_exist(
    client: TestClient, services: Services
) -> None:
    _signed_in_rep(client, services)
    assert client.get("/console/inbox?view=everything").status_code == 404
    assert client.get("/console/inbox?channel=telegram").status_code == 404


def test_the_live_rows_answer_204_until_a_message_arrives(
    client: TestClient, services: Services, inbox: dict[str, str]
) -> None:
    _signed_in_rep(client, services)
    page = client.get("/console/inbox?view=review")
    marker = _MARKER.search(page.text)
    assert marker is not None
    viewed = audit_actions(services).count("console.inbox_viewed")

    unchanged = client.get(f"/console/inbox/rows?view=review&known={marker.group(1)}")
    assert unchanged.status_code == 204 and unchanged.content == b""
    again = client.get(f"/console/inbox/rows?view=review&known={marker.group(1)}")
    assert again.status_code == 204
    assert audit_actions(services).count("console.inbox_viewed") == viewed

    newcomer = seed_conversation(services, "New Nisha", "Just found you", draft="Welcome!")
    changed = client.get(f"/console/inbox/rows?view=review&known={marker.group(1)}")
    assert changed.status_code == 200
    assert _names(changed.text) == ["New Nisha", "Review Ravi"]
    assert audit_actions(services).count("console.inbox_viewed") == viewed + 1
    new_marker = _MARKER.search(changed.text)
    assert new_marker is not None and new_marker.group(1) != marker.group(1)

    add_inbound(services, newcomer.conversation_id, "Are you there?", "wamid.again")
    moved = client.get(f"/console/inbox/rows?view=review&known={new_marker.group(1)}")
    assert moved.status_code == 200


def test_a_new_message_moves_its_conversation_to_the_top(
    client: TestClient, services: Services, inbox: dict[str, str]
) -> None:
    _signed_in_rep(client, services)
    add_inbound(services, inbox["hot"], "Any news?", "wamid.news")
    rows = client.get("/console/inbox/rows?known=stale")
    assert rows.status_code == 200
    assert _names(rows.text)[0] == "Hot Harini"


def test_every_view_that_shows_names_is_audited_with_a_count_only(
    client: TestClient, services: Services, inbox: dict[str, str]
) -> None:
    _signed_in_rep(client, services)
    client.get("/console/inbox?view=hot")
    with services.ledgers.open(services.settings.workspace) as ledger:
        entry = ledger.audit.entries(limit=1)[0]
        assert entry.action == "console.inbox_viewed"
        assert json.loads(entry.details) == {"count": 1}
        assert entry.actor.startswith("user:")
        assert "Harini" not in entry.details
