"""In Chromium: the audit log's "Verify chain" button shows the chain intact, then, after
someone edits a stored entry behind the chain's back, fails visibly naming that entry; the
ROPA downloads parse as JSON and CSV; and an admin lands on a dashboard drawing what the
assistant and the guardrail did with a few WhatsApp messages."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from fakes.whatsapp_payloads import text_message, webhook_body
from store.models import AuditEntry, Message
from store.ropa import COLUMNS
from tests.browser.accounts import ConsoleUser, create_console_user, sign_in
from tests.browser.conftest import screenshot
from tests.e2e.deployment import Deployment, new_sender, wait_until

PROSPECTS = (
    ("Ishaan Kapoor", "Hi, I'm Ishaan Kapoor (ishaan@kapoorlogistics.in). Pricing for 25 seats?"),
    ("Nandini Rao", "Nandini Rao here, call me on +91 98450 12345 about a demo next week."),
    ("Farhan Qureshi", "Is there a discount for NGOs? Write to farhan@sahayata.org.in please."),
)


def _answered(console: Deployment, name: str, text: str) -> str:
    """A prospect's WhatsApp message, processed by the worker; its conversation id."""
    message_id = f"wamid.{uuid.uuid4().hex}"
    console.post_webhook(
        webhook_body(text_message(text, sender=new_sender(name), message_id=message_id))
    )

    def answered() -> Message | None:
        stored = console.stored(message_id)
        return stored if stored is not None and stored.state == "answered" else None

    stored = wait_until(answered, what="the message answered")
    assert isinstance(stored, Message)
    return stored.conversation_id


def test_the_ropa_downloads_parse_as_json_and_csv(page: Page, auditor: ConsoleUser) -> None:
    sign_in(page, auditor)
    page.goto("/console/audit/ropa")
    with page.expect_download() as as_json:
        page.get_by_role("link", name="Download JSON").click()
    assert as_json.value.suggested_filename.endswith(".json")
    document = json.loads(Path(as_json.value.path()).read_text(encoding="utf-8"))
    purposes = {row["purpose"] for row in document["record_of_processing_activities"]}
    assert "lead_qualification" in purposes
    with page.expect_download() as as_csv:
        page.get_by_role("link", name="Download CSV").click()
    assert as_csv.value.suggested_filename.endswith(".csv")
    reader = csv.DictReader(io.StringIO(Path(as_csv.value.path()).read_text(encoding="utf-8")))
    assert {row["purpose"] for row in reader} == purposes
    assert tuple(reader.fieldnames or ()) == COLUMNS
    page.goto("/console/audit?action=console.ropa_downloaded")
    expect(page.get_by_role("cell", name="console.ropa_downloaded")).to_have_count(2)


def test_an_admin_lands_on_a_dashboard_of_what_happened(page: Page, console: Deployment) -> None:
    conversations = [_answered(console, name, text) for name, text in PROSPECTS]
    with console.ledger() as ledger:  # the scores the agent gives once it has facts
        for conversation_id, (score, priority) in zip(
            conversations, [(82, "hot"), (55, "warm")], strict=False
        ):
            conversation = ledger.conversations.get(conversation_id)
            ledger.leads.save_facts(conversation, {}, score, priority, ("need stated",))
    admin = create_console_user(console, "admin")
    sign_in(page, admin)
    expect(page).to_have_url(re.compile(r"/console/dashboard$"))
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    review = page.get_by_role("link", name=re.compile(r"\d+ repl(y|ies) awaiting review"))
    expect(review).to_be_visible()
    for title in ("Leads by priority", "Leads by stage", "Entities pseudonymised", "Blocked"):
        expect(page.get_by_role("img", name=re.compile(f"^{title}"))).to_be_visible()
    page.get_by_text("Show as a table").first.click()
    priorities = page.get_by_role("table", name="Leads by priority")
    expect(priorities.get_by_role("row", name=re.compile(r"^Hot\s+\d+$"))).to_be_visible()
    content = page.content()
    for name, text in PROSPECTS:
        assert name not in content and text not in content
    page.get_by_text("Show as a table").first.click()  # closed again for the picture
    screenshot(page, "dashboard")


def test_the_chain_verifies_then_fails_visibly_once_an_entry_is_edited(
    page: Page, console: Deployment, auditor: ConsoleUser
) -> None:
    sign_in(page, auditor)
    page.goto("/console/audit")
    page.get_by_role("button", name="Verify chain").click()
    verified = page.get_by_role("status")
    expect(verified).to_contain_text(re.compile(r"Verification OK: \d+ entries verified"))
    expect(page).to_have_url(re.compile(r"/console/audit$"))  # htmx: the result, in place
    with console.ledger() as ledger:
        session = ledger.scope.session
        seq = session.scalars(
            select(AuditEntry.seq)
            .where(
                AuditEntry.workspace_id == ledger.scope.workspace_id,
                AuditEntry.action == "console.audit_verified",
            )
            .order_by(AuditEntry.seq.desc())
        ).first()
        assert seq is not None
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.workspace_id == ledger.scope.workspace_id, AuditEntry.seq == seq)
            .values(details='{"entries":1}')
        )
    page.get_by_role("button", name="Verify chain").click()
    failed = page.get_by_role("alert")
    expect(failed).to_contain_text(f"Verification FAILED at entry {seq}")
    expect(failed).to_contain_text(f"entry {seq} was altered")
