"""The admin's policy editor: the file's policy as version 1, saving a new version (audited with
codes only), refusing an invalid one with the field named and nothing lost, and the try-it box
running the form's unsaved settings while storing nothing."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest
from fastapi.testclient import TestClient

from api.services import Services
from guardrails.policy import load_policy, parse_policy
from store.users import Role
from tests.api.console.console_client import Account, htmx_post, make_account, post_form, sign_in
from tests.api.console.policy_fields import form_fields

POLICY = "/console/admin/policy"
TRY = "/console/admin/policy/try"
THRESHOLD = "entities.PERSON.threshold"
SAMPLE = "Hi, I am Kavya Iyer. Write to kavya.iyer@gmail.com or sales@tarangsoftware.com"
_TRY_TEXT = re.compile(r'<p class="egress" id="try-text">(.*?)</p>', re.DOTALL)


@pytest.fixture
def admin(client: TestClient, services: Services) -> Account:
    account = make_account(services, "admin@acme.example", Role.ADMIN)
    sign_in(client, account)
    return account


def _versions(services: Services) -> list[tuple[int, str, str]]:
    """(version, author, note) of the workspace's policy versions, newest first."""
    with services.ledgers.open(services.settings.workspace) as ledger:
        return [(v.version, v.author, v.note) for v in ledger.policies.history()]


def _audit(services: Services) -> list[tuple[str, str, str, str]]:
    with services.ledgers.open(services.settings.workspace) as ledger:
        return [(e.action, e.actor, e.subject, e.details) for e in ledger.audit.entries(1000)]


def _tried(answer: httpx.Response) -> str:
    match = _TRY_TEXT.search(answer.text)
    assert match is not None, answer.text
    return html.unescape(match.group(1))


def test_the_page_shows_the_files_policy_as_version_1(
    client: TestClient, services: Services, admin: Account
) -> None:
    page = client.get(POLICY)
    assert page.status_code == 200
    assert '<a href="/console/admin/policy">Policy</a>' in page.text
    assert _versions(services) == [(1, "system", "initial version from file")]
    assert 'id="entities.PERSON.enabled" name="entities.PERSON.enabled" value="true" checked' in (
        page.text
    )
    assert f'name="{THRESHOLD}" value="0.5"' in page.text


def test_saving_makes_the_next_version_with_an_audit_entry(
    client: TestClient, services: Services, admin: Account
) -> None:
    fields = form_fields(
        load_policy(), off=("PERSON",), allow_list="Tarang CRM", note="names off for the pilot"
    )
    answer = post_form(client, POLICY, fields, POLICY)
    assert (answer.status_code, answer.headers["location"]) == (303, f"{POLICY}?done=saved")
    assert "saved as a new version" in client.get(answer.headers["location"]).text
    assert _versions(services)[0] == (2, f"user:{admin.user_id}", "names off for the pilot")
    with services.ledgers.open(services.settings.workspace) as ledger:
        current = ledger.policies.current()
        assert current is not None
        saved = parse_policy(current.policy_yaml)
    assert "PERSON" not in saved.enabled_types() and saved.allow_list == ("Tarang CRM",)
    action, actor, subject, details = _audit(services)[0]
    assert (action, actor, subject) == ("policy.changed", f"user:{admin.user_id}", "policy:2")
    assert json.loads(details) == {
        "changed": ["allow_list", "entities.PERSON.enabled"],
        "noted": True,
    }


def test_an_invalid_policy_is_refused_with_the_field_named_and_nothing_lost(
    client: TestClient, services: Services, admin: Account
) -> None:
    client.get(POLICY)
    fields = form_fields(
        load_policy(),
        off=("ADDRESS",),
        allow_list="Tarang CRM",
        note="stricter names",
        **{THRESHOLD: "1.5"},
    )
    answer = post_form(client, POLICY, fields, POLICY)
    assert answer.status_code == 400
    assert f"Not saved: {THRESHOLD}: Input should be less than or equal to 1" in answer.text
    # Beside the field, and the field marked invalid.
    marked = f'value="1.5" maxlength="32" aria-invalid="true" aria-describedby="error-{THRESHOLD}"'
    assert marked in answer.text
    assert f'<p class="error field-error" id="error-{THRESHOLD}">{THRESHOLD}:' in answer.text
    # What was typed is shown again: the type turned off, the term, the note.
    assert 'name="entities.ADDRESS.enabled" value="true">' in answer.text
    assert ">Tarang CRM</textarea>" in answer.text and 'value="stricter names"' in answer.text
    assert [version for version, _, _ in _versions(services)] == [1]


def test_try_it_runs_the_unsaved_settings_and_stores_nothing(
    client: TestClient, services: Services, admin: Account
) -> None:
    client.get(POLICY)
    audited = len(_audit(services))
    saved = form_fields(load_policy(), sample=SAMPLE)
    before = _tried(htmx_post(client, TRY, POLICY, **saved))
    assert "Kavya Iyer" not in before and "<PERSON_1>" in before
    assert "kavya.iyer@gmail.com" not in before and "sales@tarangsoftware.com" not in before
    unsaved = form_fields(
        load_policy(), off=("PERSON",), allow_list="sales@tarangsoftware.com", sample=SAMPLE
    )
    answer = htmx_post(client, TRY, POLICY, **unsaved)
    after = _tried(answer)
    assert "Kavya Iyer" in after and "sales@tarangsoftware.com" in after
    assert "kavya.iyer@gmail.com" not in after and "<EMAIL_ADDRESS_1>" in after
    assert "<td><code>EMAIL_ADDRESS</code></td>" in answer.text
    # An invalid form is refused with the field named: a 200 for htmx to show, 400 otherwise.
    invalid = form_fields(load_policy(), sample=SAMPLE, **{THRESHOLD: "high"})
    refusals = [htmx_post(client, TRY, POLICY, **invalid), post_form(client, TRY, invalid, POLICY)]
    assert [refused.status_code for refused in refusals] == [200, 400]
    for refused in refusals:
        assert f"This policy is not valid: {THRESHOLD}: Input should be a valid number" in (
            refused.text
        )
        assert 'id="try-text"' not in refused.text
    assert [version for version, _, _ in _versions(services)] == [1]
    assert len(_audit(services)) == audited  # trying is neither stored nor audited
