"""The admin's settings page: every section shown (the deployment's defaults until saved), each
form saved on its own as an audited version, a refused value shown beside its field with what
was typed kept, and the history of versions."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.console.cookies import CSRF_FIELD
from api.services import Services
from guardrails.errors import CatalogueError
from guardrails.yaml_config import read_config_text
from store.users import Role
from tests.api.console.console_client import Account, csrf_of, make_account, sign_in

SETTINGS = "/console/admin/settings"


@pytest.fixture
def admin(client: TestClient, services: Services) -> Account:
    account = make_account(services, "admin@acme.example", Role.ADMIN)
    sign_in(client, account)
    return account


def _save(client: TestClient, section: str, data: Mapping[str, str | list[str]]) -> Response:
    """POST one section's form as the page would (the days are a list of ticked boxes)."""
    token = csrf_of(client.get(SETTINGS))
    return client.post(
        f"{SETTINGS}/{section}", data={**data, CSRF_FIELD: token}, follow_redirects=False
    )


def _settings_entries(services: Services) -> list[tuple[str, dict[str, object]]]:
    with services.ledgers.open(services.settings.workspace) as ledger:
        return [
            (entry.actor, json.loads(entry.details))
            for entry in reversed(ledger.audit.entries(limit=1000))
            if entry.action == "settings.changed"
        ]


def _head(services: Services) -> int:
    with services.ledgers.open(services.settings.workspace) as ledger:
        return ledger.settings.head()


def _error_beside(page: str, field: str) -> str:
    match = re.search(rf'<p class="error" id="error-{field}" role="alert">([^<]*)</p>', page)
    assert match is not None, f"no error beside {field}"
    return html.unescape(match.group(1))


def test_the_page_shows_every_section_from_the_deployments_defaults(
    client: TestClient, admin: Account
) -> None:
    page = client.get(SETTINGS)
    assert page.status_code == 200
    for heading in ("Reply mode", "Working hours", "Privacy notice", "Purposes and lawful bases",
                    "Lead-score rubric", "History"):  # fmt: skip
        assert f">{heading}</h2>" in page.text
    assert page.text.count("The deployment's default") == 5
    assert 'value="review" checked' in page.text
    assert (
        'id="notice_version" name="notice_version" type="text" maxlength="16" required value="v2"'
        in page.text
    )
    assert "<td><code>response_generation</code></td>" in page.text
    assert '<a href="/console/admin/settings">Settings</a>' in page.text


def test_saving_the_reply_mode_makes_an_audited_version_with_its_note(
    client: TestClient, services: Services, admin: Account
) -> None:
    answer = _save(client, "reply-mode", {"reply_mode": "auto", "note": "launch week"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{SETTINGS}?done=reply_mode"
    page = client.get(answer.headers["location"]).text
    assert "Reply mode saved" in page
    assert 'value="auto" checked' in page
    assert "The workspace's own, version 1." in page
    assert "<td>1</td><td>reply_mode</td><td>user:" in page and "<td>launch week</td>" in page
    assert _settings_entries(services) == [
        (f"user:{admin.user_id}", {"section": "reply_mode", "mode": "auto"})
    ]


def test_a_bad_rubric_is_refused_beside_its_field_with_the_text_kept(
    client: TestClient, services: Services, admin: Account
) -> None:
    typed = "weights:\n  need: 90\n  budget: 30\n"
    answer = _save(client, "rubric", {"rubric": typed})
    assert answer.status_code == 400
    page = answer.text
    assert "weights" in _error_beside(page, "rubric")
    assert 'aria-invalid="true" aria-describedby="error-rubric"' in page
    assert html.escape(typed) in page
    assert _head(services) == 0 and _settings_entries(services) == []


def test_a_changed_notice_needs_a_new_label(
    client: TestClient, services: Services, admin: Account
) -> None:
    text = "Privacy: an assistant answers first; reply STOP to stop follow-ups."
    refused = _save(client, "notice", {"notice_version": "v2", "notice_text": text})
    assert refused.status_code == 400
    assert "new label after v2" in _error_beside(refused.text, "notice_version")
    assert html.escape(text) in refused.text
    saved = _save(client, "notice", {"notice_version": "v3", "notice_text": text})
    assert saved.status_code == 303
    page = client.get(SETTINGS).text
    assert 'required value="v3"' in page and html.escape(text) in page
    assert _settings_entries(services)[-1][1] == {"section": "notice", "notice_version": "v3"}


def test_working_hours_are_saved_shown_and_refused_by_field(
    client: TestClient, services: Services, admin: Account
) -> None:
    refused = _save(
        client,
        "working-hours",
        {"timezone": "Asia/Calcutta-ish", "days": ["mon"], "start": "09:00", "end": "18:00"},
    )
    assert refused.status_code == 400
    assert "unknown time zone" in _error_beside(refused.text, "timezone")
    assert 'value="Asia/Calcutta-ish"' in refused.text
    saved = _save(
        client,
        "working-hours",
        {"timezone": "Asia/Kolkata", "days": ["mon", "tue"], "start": "09:30", "end": "18:00"},
    )
    assert saved.status_code == 303
    page = client.get(SETTINGS).text
    assert 'value="mon" checked' in page and 'value="wed" checked' not in page
    assert 'id="start" name="start" type="time" value="09:30"' in page
    assert _settings_entries(services)[-1][1] == {"section": "working_hours", "hours": "set"}


def test_purposes_are_saved_and_shown_with_their_lawful_bases(
    client: TestClient, services: Services, admin: Account
) -> None:
    shipped, _ = read_config_text(None, "purposes.yaml", CatalogueError)
    refused = _save(client, "purposes", {"purposes": "controller: Acme\npurposes: {}\n"})
    assert refused.status_code == 400
    assert "missing" in _error_beside(refused.text, "purposes")
    renamed = shipped.replace(shipped.split("controller:", 1)[1].split("\n", 1)[0], " Acme Traders")
    assert _save(client, "purposes", {"purposes": renamed}).status_code == 303
    with services.ledgers.open(services.settings.workspace) as ledger:
        assert ledger.catalogue.controller == "Acme Traders"


def test_a_save_without_the_forms_token_is_refused(
    client: TestClient, services: Services, admin: Account
) -> None:
    answer = client.post(
        f"{SETTINGS}/reply-mode", data={"reply_mode": "auto", CSRF_FIELD: "0" * 64}
    )
    assert answer.status_code == 403
    assert _head(services) == 0
