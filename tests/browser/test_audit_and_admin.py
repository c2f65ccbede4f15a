"""An auditor in Chromium sees the audit log, the processing records and the ROPA, and never a
prospect's words or name; an admin's change on the users page is in that log."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from fakes.openai_server import FakeOpenAI, Text
from fakes.whatsapp_payloads import text_message, webhook_body
from store.models import Message
from tests.browser.accounts import PASSWORD, ConsoleUser, sign_in
from tests.browser.conftest import screenshot
from tests.e2e.deployment import Deployment, new_sender, wait_until

SECRET_WORDS = "our board meets on the ninth about the Sundaram merger"


def _answered_conversation(console: Deployment, ai: FakeOpenAI) -> str:
    """A prospect's message, answered (so it was processed and audited); its conversation id."""
    sender = new_sender("Meera Sundaram")
    ai.script(Text("Thanks <PERSON_1>, noted."))
    message_id = f"wamid.{uuid.uuid4().hex}"
    body = webhook_body(
        text_message(f"Hello, {SECRET_WORDS}.", sender=sender, message_id=message_id)
    )
    console.post_webhook(body)

    def answered() -> Message | None:
        stored = console.stored(message_id)
        return stored if stored is not None and stored.state == "answered" else None

    stored = wait_until(answered, what="the message answered")
    assert isinstance(stored, Message)
    return stored.conversation_id


def test_an_auditor_sees_the_audit_log_but_no_message_text(
    page: Page, console: Deployment, auditor: ConsoleUser, ai: FakeOpenAI
) -> None:
    conversation_id = _answered_conversation(console, ai)
    sign_in(page, auditor)
    expect(page).to_have_url(re.compile(r"/console/audit$"))
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.get_by_role("cell", name="console.signed_in").first).to_be_visible()
    screenshot(page, "audit-log")
    for path in ("/console/audit", "/console/audit/records", "/console/audit/ropa"):
        page.goto(path)
        content = page.content()
        assert "Sundaram" not in content and "merger" not in content, path
    page.goto("/console/audit/records")
    expect(page.get_by_role("cell", name="lead_qualification").first).to_be_visible()
    for path in ("/console/inbox", f"/console/conversations/{conversation_id}"):
        page.goto(path)
        expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
        assert "merger" not in page.content()


def test_an_admins_change_appears_in_the_audit_log(page: Page, admin: ConsoleUser) -> None:
    sign_in(page, admin)
    page.goto("/console/admin/users")
    page.get_by_label("Email", exact=True).fill("new.rep@tarang.example")
    page.get_by_label("Role", exact=True).select_option("rep")
    page.get_by_label("Initial password").fill(PASSWORD)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("cell", name="new.rep@tarang.example", exact=True)).to_be_visible()
    screenshot(page, "users")
    page.goto("/console/audit?action=console.user_created")
    expect(page.get_by_role("cell", name="console.user_created").first).to_be_visible()
    assert "new.rep@tarang.example" not in page.content()  # the log names ids, never addresses
