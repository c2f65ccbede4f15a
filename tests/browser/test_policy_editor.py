"""An admin in Chromium edits the guardrail policy: names turned off and a company address
allow-listed, the try-it box showing the unsaved result as they type, an invalid threshold
refused with the field named and nothing lost, and, once saved, the next WhatsApp message the
running worker processes is sent to the model under the new version, without a restart."""

from __future__ import annotations

import json
import uuid

from playwright.sync_api import Page, expect

from fakes.openai_server import FakeOpenAI, Text
from fakes.whatsapp_payloads import text_message, webhook_body
from store.models import Message
from tests.browser.accounts import ConsoleUser, sign_in
from tests.browser.conftest import screenshot
from tests.e2e.deployment import Deployment, new_sender, wait_until

COMPANY_MAIL = "sales@tarangsoftware.com"
SAMPLE = f"Hi, I am Arjun Mehta. Write to arjun.mehta@gmail.com or {COMPANY_MAIL}"
THRESHOLD = "entities.PHONE_NUMBER.threshold"
# The engine loads in the API process at the first try: allow for it.
FIRST_TRY_MS = 60_000


def _answered(console: Deployment, ai: FakeOpenAI, text: str) -> Message:
    """A new prospect's WhatsApp message, once the running worker has answered it."""
    ai.script(Text("Thanks, a colleague will write to you today."))
    message_id = f"wamid.{uuid.uuid4().hex}"
    sender = new_sender("Meera Pillai")
    console.post_webhook(webhook_body(text_message(text, sender=sender, message_id=message_id)))

    def answered() -> Message | None:
        stored = console.stored(message_id)
        return stored if stored is not None and stored.state == "answered" else None

    stored = wait_until(answered, what="the message answered")
    assert isinstance(stored, Message)
    return stored


def _sent_to_model(console: Deployment, message: Message) -> str:
    with console.ledger() as ledger:
        safe = ledger.conversations.egress(ledger.inbox.get(message.id))
    assert safe is not None, "the turn fell back instead of reaching the model"
    return safe


def test_an_admins_policy_change_shows_in_try_it_and_applies_to_the_next_message(
    page: Page, console: Deployment, admin: ConsoleUser, ai: FakeOpenAI
) -> None:
    sign_in(page, admin)
    page.get_by_role("link", name="Policy").click()
    expect(page.get_by_role("heading", name="Guardrail policy")).to_be_visible()
    result = page.locator("#try-text")

    page.get_by_label("Sample message").fill(SAMPLE)
    expect(result).to_contain_text("<PERSON_1>", timeout=FIRST_TRY_MS)
    expect(result).not_to_contain_text(COMPANY_MAIL)

    page.get_by_label("Look for PERSON").uncheck()
    page.get_by_label("Terms never treated as personal data").fill(COMPANY_MAIL)
    expect(result).to_contain_text("Arjun Mehta")  # unsaved, already applied
    expect(result).to_contain_text(COMPANY_MAIL)
    expect(result).to_contain_text("<EMAIL_ADDRESS_1>")
    expect(result).not_to_contain_text("arjun.mehta@gmail.com")
    screenshot(page, "policy-editor")

    page.get_by_label("Threshold for PHONE_NUMBER").fill("2")
    expect(page.get_by_text(f"This policy is not valid: {THRESHOLD}")).to_be_visible()
    page.get_by_label("Note (optional)").fill("names are not personal data for this pilot")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"Not saved: {THRESHOLD}")
    expect(page.locator(f"[id='error-{THRESHOLD}']")).to_contain_text("less than or equal to 1")
    # Nothing lost: what was typed is still there.
    expect(page.get_by_label("Look for PERSON")).not_to_be_checked()
    expect(page.get_by_label("Terms never treated as personal data")).to_have_value(COMPANY_MAIL)
    expect(page.get_by_label("Threshold for PHONE_NUMBER")).to_have_value("2")
    with console.ledger() as ledger:
        assert [v.version for v in ledger.policies.history()] == [1]

    page.get_by_label("Threshold for PHONE_NUMBER").fill("0.5")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("status")).to_contain_text("saved as a new version")
    expect(
        page.get_by_role("cell", name="names are not personal data for this pilot")
    ).to_be_visible()

    # The worker started before the change; its next message is handled under version 2.
    message = _answered(
        console,
        ai,
        f"Hello, my colleague Arjun Mehta asked me to write. Reach us at {COMPANY_MAIL} "
        "or arjun.mehta@gmail.com about a CRM for 30 people.",
    )
    sent = _sent_to_model(console, message)
    assert "Arjun Mehta" in sent and COMPANY_MAIL in sent
    assert "arjun.mehta@gmail.com" not in sent and "<EMAIL_ADDRESS_" in sent
    with console.ledger() as ledger:
        changes = [e for e in ledger.audit.entries(1000) if e.action == "policy.changed"]
    assert [e.subject for e in changes][:1] == ["policy:2"]
    assert changes[0].actor.startswith("user:")
    assert json.loads(changes[0].details) == {
        "changed": ["allow_list", "entities.PERSON.enabled"],
        "noted": True,
    }
