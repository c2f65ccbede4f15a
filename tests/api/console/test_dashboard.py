"""The admin's dashboard: the numbers match what is stored, every chart comes with its table,
it shows no names or message text, and it is where an admin lands."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.console.dashboard_view import waited
from api.services import Services
from store.processing import Recipient
from store.users import Role
from tests.api.console.console_client import make_account, sign_in
from tests.api.console.seed import score_lead, seed_conversation, set_status

NAME = "Ottoline Marchbanks"
TEXT = "the heliotrope warehouse lease"


@pytest.fixture
def admin(client: TestClient, services: Services) -> None:
    sign_in(client, make_account(services, "admin@acme-sales.com", Role.ADMIN))


def _seed(services: Services) -> None:
    """Five conversations (two drafts waiting), two processing records today, one blocked
    egress attempt."""
    hot = seed_conversation(services, NAME, f"About {TEXT}", draft="Happy to help.")
    score_lead(services, hot.conversation_id, "hot", 80, "4 lakh")
    warm = seed_conversation(services, "Second Person", "Pricing?", draft="From ₹999.")
    score_lead(services, warm.conversation_id, "warm", 50, "some")
    seed_conversation(services, "Third Person", "Hello")
    handed = seed_conversation(services, "Fourth Person", "A human please")
    set_status(services, handed.conversation_id, "handed_off", "asked_for_human")
    taken = seed_conversation(services, "Fifth Person", "Call me")
    set_status(services, taken.conversation_id, "taken_over", "")
    with services.ledgers.open(services.settings.workspace, "agent") as ledger:
        for counts in ({"PERSON": 2, "EMAIL_ADDRESS": 1}, {"PERSON": 1}):
            ledger.record_processing(
                hot.contact_id, "lead_qualification", Recipient("llm.example"), "x", counts
            )
        ledger.audit.append("egress.blocked", "agent", hot.contact_id, {"entity_types": []})


def _table(page: str, title: str) -> dict[str, list[str]]:
    """The text alternative of the chart titled ``title``: row heading -> cells."""
    caption = page.index(f'<caption class="visually-hidden">{title}</caption>')
    body = page[caption : page.index("</table>", caption)]
    return {
        heading: re.findall(r"<td>([^<]*)</td>", cells)
        for heading, cells in re.findall(r'<th scope="row">([^<]*)</th>(.*?)</tr>', body)
    }


def test_the_numbers_match_the_stored_data(
    client: TestClient, services: Services, admin: None
) -> None:
    _seed(services)
    page = client.get("/console/dashboard")
    assert page.status_code == 200
    text = page.text
    assert re.search(r'<span class="number">2</span> replies awaiting review', text)
    assert re.search(r'<span class="number">5</span> conversations', text)
    assert re.search(r'<span class="number">4</span> entities pseudonymised', text)
    assert re.search(r'<span class="number">1</span> egress attempts blocked', text)
    assert "oldest waiting 0 min" in text
    assert _table(text, "Leads by priority") == {
        "Hot": ["1"],
        "Warm": ["1"],
        "Cold": ["0"],
        "Unscored": ["3"],
    }
    assert _table(text, "Leads by stage") == {
        "New": ["1"],
        "Qualifying": ["1"],
        "Qualified": ["1"],
        "Handed off": ["1"],
        "Taken over": ["1"],
    }
    today = datetime.now(UTC).strftime("%d %b")
    entities = _table(text, "Entities pseudonymised per day, last 14 days")
    assert len(entities) == 14 and entities[today] == ["1", "3"]  # EMAIL_ADDRESS, PERSON
    assert '<th scope="col">EMAIL_ADDRESS</th><th scope="col">PERSON</th>' in text
    blocked = _table(text, "Blocked egress attempts per day, last 14 days")
    assert blocked[today] == ["1"] and sum(int(cells[0]) for cells in blocked.values()) == 1


def test_each_chart_is_an_svg_image_with_a_table_beside_it(
    client: TestClient, services: Services, admin: None
) -> None:
    _seed(services)
    text = client.get("/console/dashboard").text
    assert text.count('<svg class="chart" role="img"') == 4
    assert text.count("<summary>Show as a table") == 4
    assert "<script" not in text.split("</head>")[1] and "style=" not in text


def test_it_shows_counts_only_never_names_or_message_text(
    client: TestClient, services: Services, admin: None
) -> None:
    _seed(services)
    text = client.get("/console/dashboard").text
    assert NAME not in text and "Marchbanks" not in text and TEXT not in text


def test_an_empty_workspace_draws_empty_charts(client: TestClient, admin: None) -> None:
    page = client.get("/console/dashboard")
    assert page.status_code == 200
    assert re.search(r'<span class="number">0</span> replies awaiting review', page.text)
    assert "oldest waiting" not in page.text and "nothing yet" in page.text


def test_admins_land_on_the_dashboard_and_see_it_in_the_nav(
    client: TestClient, admin: None
) -> None:
    landing = client.get("/console", follow_redirects=False)
    assert landing.headers["location"] == "/console/dashboard"
    assert '<a href="/console/dashboard">Dashboard</a>' in client.get("/console/account").text


def test_reps_and_auditors_land_where_they_did_and_see_no_dashboard_link(
    client: TestClient, services: Services
) -> None:
    for role, landing in ((Role.REP, "/console/inbox"), (Role.AUDITOR, "/console/audit")):
        client.cookies.clear()
        sign_in(client, make_account(services, f"{role.value}@acme-sales.com", role))
        assert client.get("/console", follow_redirects=False).headers["location"] == landing
        assert "/console/dashboard" not in client.get("/console/account").text


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=59), "0 min"),
        (timedelta(minutes=59), "59 min"),
        (timedelta(hours=3, minutes=5), "3 h 5 min"),
        (timedelta(hours=47, minutes=59), "47 h 59 min"),
        (timedelta(days=3, hours=2), "3 days"),
        (timedelta(seconds=-5), "0 min"),  # a clock a little behind the database's
    ],
)
def test_a_wait_reads_in_sensible_units(delta: timedelta, words: str) -> None:
    assert waited(delta) == words
