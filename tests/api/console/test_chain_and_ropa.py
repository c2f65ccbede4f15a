"""The audit log's "Verify chain" button and the ROPA downloads: verification as
``aspinix audit verify`` does it (OK with the count and the head; FAILED naming the first bad
entry, with the alert raised and nothing added to the broken chain), answered to htmx and to a
plain form; the ROPA as JSON and CSV attachments, each download audited."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.services import Services
from guardrails.alerts import SecurityEvent, SecurityEventKind
from store.models import AuditEntry
from store.processing import Recipient
from store.ropa import COLUMNS
from store.users import Role
from store.workspaces import get_workspace
from tests.api.console.console_client import (
    Account,
    htmx_post,
    make_account,
    post_form,
    sign_in,
)
from tests.api.console.seed import audit_actions

AUDIT = "/console/audit"
VERIFY = "/console/audit/verify"


class RecordedAlerts:
    """An alert sink that keeps what it was asked to raise."""

    def __init__(self) -> None:
        self.raised: list[SecurityEvent] = []

    def raise_alert(self, event: SecurityEvent) -> None:
        self.raised.append(event)


@pytest.fixture
def alerts(services: Services) -> RecordedAlerts:
    recorded = RecordedAlerts()
    services.alerts = recorded
    return recorded


@pytest.fixture
def auditor(client: TestClient, services: Services) -> Account:
    account = make_account(services, "auditor@acme-audits.com", Role.AUDITOR)
    sign_in(client, account)
    return account


def _chain(services: Services) -> list[tuple[int, str]]:
    """(seq, hash) of every entry of the workspace's chain, oldest first."""
    with services.store.database.session() as session:
        workspace_id = get_workspace(session, services.settings.workspace).id
        return [
            (seq, entry_hash)
            for seq, entry_hash in session.execute(
                select(AuditEntry.seq, AuditEntry.hash)
                .where(AuditEntry.workspace_id == workspace_id)
                .order_by(AuditEntry.seq)
            )
        ]


def _tamper(services: Services, seq: int) -> None:
    """Edit one stored entry's details behind the chain's back, as an intruder with database
    access would."""
    with services.store.database.session() as session:
        workspace_id = get_workspace(session, services.settings.workspace).id
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.workspace_id == workspace_id, AuditEntry.seq == seq)
            .values(details='{"entries":0}')
        )


def test_the_audit_log_has_a_verify_button_for_htmx_and_plain_forms(
    client: TestClient, auditor: Account
) -> None:
    page = client.get(AUDIT).text
    form = re.search(r'<form method="post" action="/console/audit/verify"[^>]*>', page)
    assert form is not None
    assert 'hx-post="/console/audit/verify"' in form.group(0)
    assert 'hx-target="#chain-result"' in form.group(0) and 'id="chain-result"' in page
    assert re.search(r'<button type="submit">Verify chain</button>', page)


def test_an_intact_chain_verifies_with_its_count_and_head_and_the_check_is_audited(
    client: TestClient, services: Services, auditor: Account, alerts: RecordedAlerts
) -> None:
    answer = htmx_post(client, VERIFY, AUDIT)
    chain = _chain(services)
    verified = chain[:-1]  # the check itself is the newest entry
    assert answer.status_code == 200
    assert "<html" not in answer.text  # a fragment for htmx
    assert f"Verification OK:</strong> {len(verified)} entries verified" in answer.text
    assert verified[-1][1] in answer.text  # the head hash
    newest = audit_actions(services)[-1]
    assert newest == "console.audit_verified"
    with services.ledgers.open(services.settings.workspace) as ledger:
        entry = ledger.audit.entries(limit=1)[0]
    assert entry.actor == f"user:{auditor.user_id}"
    assert json.loads(entry.details) == {"entries": len(verified)}
    assert alerts.raised == []


def test_a_plain_form_gets_a_page_with_the_result(
    client: TestClient, services: Services, auditor: Account
) -> None:
    answer = post_form(client, VERIFY, {}, AUDIT)
    assert answer.status_code == 200
    assert "<h1>Audit chain verification</h1>" in answer.text
    assert "Verification OK:" in answer.text and 'href="/console/audit"' in answer.text


def test_a_tampered_chain_fails_naming_the_entry_raises_the_alert_and_gains_nothing(
    client: TestClient, services: Services, auditor: Account, alerts: RecordedAlerts
) -> None:
    client.get(AUDIT)  # a few more entries
    _tamper(services, 2)
    before = _chain(services)
    answer = htmx_post(client, VERIFY, AUDIT)
    assert answer.status_code == 200
    assert 'role="alert"' in answer.text
    assert "Verification FAILED at entry 2:</strong> entry 2 was altered" in answer.text
    assert "Entries verified before it: 1." in answer.text
    with services.store.database.session() as session:
        workspace_id = get_workspace(session, services.settings.workspace).id
    assert alerts.raised == [
        SecurityEvent(SecurityEventKind.AUDIT_VERIFICATION_FAILED, workspace_id)
    ]
    # Reading the page for the CSRF token audits a view; the failed check adds nothing more.
    assert "console.audit_verified" not in audit_actions(services)
    assert len(_chain(services)) == len(before) + 1
    plain = post_form(client, VERIFY, {}, AUDIT)
    assert "Verification FAILED at entry 2" in plain.text and len(alerts.raised) == 2


def test_verifying_needs_the_csrf_token(client: TestClient, auditor: Account) -> None:
    assert client.post(VERIFY, follow_redirects=False).status_code == 403


def _seed_processing(services: Services) -> None:
    with services.ledgers.open(services.settings.workspace) as ledger:
        contact = ledger.contacts.create("Odalys Brightwater")
        ledger.record_processing(
            contact.id,
            "lead_qualification",
            Recipient("api.openai.com", "gpt-4o", "us"),
            "<PERSON_1> asks",
            {"PERSON": 1},
        )


def test_the_ropa_downloads_as_json_an_attachment_and_audited(
    client: TestClient, services: Services, auditor: Account
) -> None:
    _seed_processing(services)
    answer = client.get("/console/audit/ropa.json")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"] == 'attachment; filename="ropa-acme.json"'
    rows = json.loads(answer.text)["record_of_processing_activities"]
    qualification = next(row for row in rows if row["purpose"] == "lead_qualification")
    assert qualification["processing_count"] == 1
    assert qualification["recipients"] == ["api.openai.com (gpt-4o)"]
    assert "Brightwater" not in answer.text
    with services.ledgers.open(services.settings.workspace) as ledger:
        entry = ledger.audit.entries(limit=1)[0]
    assert (entry.action, entry.actor, json.loads(entry.details)) == (
        "console.ropa_downloaded",
        f"user:{auditor.user_id}",
        {"format": "json", "purposes": len(rows)},
    )


def test_the_ropa_downloads_as_csv_with_the_exports_columns(
    client: TestClient, services: Services, auditor: Account
) -> None:
    _seed_processing(services)
    answer = client.get("/console/audit/ropa.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="ropa-acme.csv"'
    reader = csv.DictReader(io.StringIO(answer.text))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    qualification = next(row for row in rows if row["purpose"] == "lead_qualification")
    assert qualification["processing_count"] == "1" and qualification["transfer_regions"] == "us"
    assert audit_actions(services)[-1] == "console.ropa_downloaded"


def test_the_ropa_page_links_both_downloads(client: TestClient, auditor: Account) -> None:
    page = client.get("/console/audit/ropa").text
    assert '<a class="button" href="/console/audit/ropa.json" download>' in page
    assert '<a class="button" href="/console/audit/ropa.csv" download>' in page
