"""The auditor's pages: the audit log (paged, filtered), processing records (paged) and the
ROPA, which show ids, codes and counts but never message text or contact names, and whose
every opening is itself audited."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from api.console.routes.audit import PAGE_SIZE
from api.services import Services
from store.processing import Recipient
from store.users import Role
from tests.api.console.console_client import Account, make_account, sign_in

BODY = "Please call me about the ultramarine walrus order 7731"
NAME = "Zebediah Quillfeather"
AUDITOR_PAGES = ("/console/audit", "/console/audit/records", "/console/audit/ropa")
_SEQ = re.compile(r"<tr>\s*<td>(\d+)</td>")


@pytest.fixture
def auditor(client: TestClient, services: Services) -> Account:
    account = make_account(services, "auditor@acme.example", Role.AUDITOR)
    sign_in(client, account)
    return account


def _seed_conversation(services: Services) -> str:
    """A named contact's conversation with a message and a processing record; the contact id."""
    with services.ledgers.open(services.settings.workspace) as ledger:
        contact = ledger.contacts.create(NAME)
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        ledger.conversations.add_message(conversation, "inbound", BODY)
        ledger.record_processing(
            contact.id,
            "lead_qualification",
            Recipient("llm.example", "model-x", "eu-west"),
            "<PERSON_1> asks about an order",
            {"PERSON": 1, "PHONE_NUMBER": 2},
            "qualify.v3",
            conversation.id,
        )
        return contact.id


def _entries(services: Services) -> list[tuple[str, str, dict[str, object]]]:
    with services.ledgers.open(services.settings.workspace) as ledger:
        return [
            (entry.action, entry.actor, json.loads(entry.details))
            for entry in ledger.audit.entries(limit=1000)
        ]


def _seqs(page_text: str) -> list[int]:
    return [int(seq) for seq in _SEQ.findall(page_text)]


def _older_link(page_text: str) -> str:
    match = re.search(r'href="(/console/audit[^"]*before=[^"]*)"', page_text)
    assert match is not None, "no link to older entries"
    return match.group(1).replace("&amp;", "&")


def test_the_auditor_sees_what_was_processed_but_never_message_text_or_names(
    client: TestClient, services: Services, auditor: Account
) -> None:
    contact_id = _seed_conversation(services)
    log, records, ropa = (client.get(path) for path in AUDITOR_PAGES)
    assert log.status_code == records.status_code == ropa.status_code == 200
    assert "processing.recorded" in log.text and contact_id in log.text
    for shown in (contact_id, "lead_qualification", "llm.example (model-x)", "eu-west"):
        assert shown in records.text
    assert "PERSON: 1, PHONE_NUMBER: 2" in records.text and "qualify.v3" in records.text
    assert "llm.example (model-x)" in ropa.text and "contract" in ropa.text
    for page in (log, records, ropa):
        assert BODY not in page.text and "walrus" not in page.text
        assert NAME not in page.text and "Quillfeather" not in page.text


def test_each_page_has_links_to_the_other_two(client: TestClient, auditor: Account) -> None:
    for path in AUDITOR_PAGES:
        page = client.get(path)
        for other in AUDITOR_PAGES:
            assert f'href="{other}"' in page.text
        assert page.text.count('aria-current="page"') == 1


def test_opening_each_page_is_audited_with_counts_only(
    client: TestClient, services: Services, auditor: Account
) -> None:
    _seed_conversation(services)
    for path in AUDITOR_PAGES:
        client.get(path)
    views = {action: (actor, details) for action, actor, details in _entries(services)}
    assert views["console.records_viewed"] == (f"user:{auditor.user_id}", {"records": 1})
    actor, details = views["console.ropa_viewed"]
    assert actor == f"user:{auditor.user_id}" and set(details) == {"purposes"}
    actor, details = views["console.audit_viewed"]
    assert actor == f"user:{auditor.user_id}" and set(details) == {"entries"}


def test_the_audit_log_pages_backwards_newest_first(
    client: TestClient, services: Services, auditor: Account
) -> None:
    with services.ledgers.open(services.settings.workspace) as ledger:
        for n in range(PAGE_SIZE + 10):
            ledger.audit.append("test.filler", "test", str(n))
        newest = ledger.audit.entries(limit=1)[0].seq
    first = client.get("/console/audit")
    first_seqs = _seqs(first.text)
    assert first_seqs == list(range(newest, newest - PAGE_SIZE, -1))
    second = client.get(_older_link(first.text))
    second_seqs = _seqs(second.text)
    assert second_seqs == list(range(first_seqs[-1] - 1, 0, -1))
    assert "Older entries" not in second.text


def test_the_action_filter_keeps_one_family_and_survives_paging(
    client: TestClient, services: Services, auditor: Account
) -> None:
    with services.ledgers.open(services.settings.workspace) as ledger:
        for n in range(PAGE_SIZE + 2):
            ledger.audit.append("test.filler", "test", str(n))
            ledger.audit.append("testXfiller", "test", str(n))
    filtered = client.get("/console/audit", params={"action": "test."})
    assert "test.filler" in filtered.text and "testXfiller" not in filtered.text
    older = _older_link(filtered.text)
    assert "action=test." in older
    rest = client.get(older)
    assert len(_seqs(rest.text)) == 2 and "testXfiller" not in rest.text
    wildcard = client.get("/console/audit", params={"action": "test_"})
    assert _seqs(wildcard.text) == []  # "_" is a character here, not a LIKE wildcard


def test_processing_records_page_without_gaps_or_repeats_even_in_one_instant(
    client: TestClient, services: Services, auditor: Account
) -> None:
    instant = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with services.ledgers.open(services.settings.workspace) as ledger:
        contact = ledger.contacts.create()
        for n in range(PAGE_SIZE + 5):
            record = ledger.record_processing(
                contact.id, "lead_qualification", Recipient("llm.example"), "x", {}, f"v{n}"
            )
            record.created_at = instant
    versions = re.compile(r"<td>(v\d+)</td>")
    first = client.get("/console/audit/records")
    match = re.search(r'href="(/console/audit/records\?before=\w+)"', first.text)
    assert match is not None
    second = client.get(match.group(1))
    shown = versions.findall(first.text) + versions.findall(second.text)
    assert len(versions.findall(first.text)) == PAGE_SIZE
    assert sorted(shown) == sorted(f"v{n}" for n in range(PAGE_SIZE + 5))
    assert "Older records" not in second.text


def test_paging_from_an_unknown_record_is_not_found(client: TestClient, auditor: Account) -> None:
    assert client.get("/console/audit/records", params={"before": "0" * 32}).status_code == 404


def test_an_admin_may_read_the_audit_pages_too(client: TestClient, services: Services) -> None:
    sign_in(client, make_account(services, "admin@acme.example", Role.ADMIN))
    assert all(client.get(path).status_code == 200 for path in AUDITOR_PAGES)
