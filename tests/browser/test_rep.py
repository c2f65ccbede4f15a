"""A rep's day in Chromium: the inbox updates by itself when a prospect writes, the
conversation shows the real text and, beside it, what the model was sent; an edited draft is
approved from the keyboard and WhatsApp (the fake Graph API) receives exactly the edit. A rep
cannot reach admin pages or another workspace's conversations."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI, Text
from fakes.whatsapp_payloads import text_message, webhook_body
from tests.browser.accounts import ConsoleUser, sign_in
from tests.browser.conftest import screenshot
from tests.e2e.deployment import Deployment, new_sender, wait_until


def test_a_rep_approves_an_edited_draft_and_whatsapp_receives_it(
    page: Page, console: Deployment, rep: ConsoleUser, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sign_in(page, rep)
    page.goto("/console/inbox?view=review")
    sender = new_sender("Kavya Iyer")
    ai.script(Text("Hi <PERSON_1>, our plans start at ₹999 per seat. What size is your team?"))
    console.post_webhook(
        webhook_body(
            text_message(
                "Hi, I'm Kavya Iyer (kavya@iyerdesigns.in), I run operations at a 40-person "
                "design studio. Budget is about 4 lakh a year and we'd like to start next "
                "month. What does it cost?",
                sender=sender,
            )
        )
    )
    # No reload: the inbox polls and shows the new conversation by itself.
    row = page.get_by_role("link", name="Kavya Iyer")
    expect(row).to_be_visible(timeout=30_000)
    screenshot(page, "inbox")
    row.click()
    expect(page.get_by_text("kavya@iyerdesigns.in").first).to_be_visible()
    page.get_by_role("link", name="Show what the model was sent").click()
    model_saw = page.locator(".egress").first
    expect(model_saw).to_contain_text("<PERSON_1>")
    expect(model_saw).to_contain_text("<EMAIL_ADDRESS_1>")
    expect(model_saw).not_to_contain_text("kavya@iyerdesigns.in")
    screenshot(page, "conversation")
    draft = page.get_by_label(re.compile("Draft reply"))
    expect(draft).to_have_value(re.compile("Hi Kavya Iyer, our plans start"))
    edited = "Hi Kavya, plans start at ₹999 per seat per month. Shall I book a demo for Tuesday?"
    page.keyboard.press("e")  # the shortcut focuses the draft
    expect(draft).to_be_focused()
    draft.fill(edited)
    page.keyboard.press("Control+Enter")  # approve while editing
    sent = wait_until(lambda: [t for to, t in graph.sent_texts() if to == sender.wa_id])
    assert sent == [edited]
    expect(page.get_by_label(re.compile("Draft reply"))).to_have_count(0)


def test_a_rep_cannot_open_admin_pages_or_another_workspaces_conversations(
    page: Page, console: Deployment, rep: ConsoleUser
) -> None:
    with console.ledger("another-business") as ledger:
        contact = ledger.contacts.create("Someone Else")
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        ledger.conversations.add_message(conversation, "inbound", "their private question")
        elsewhere = conversation.id
    sign_in(page, rep)
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    page.goto(f"/console/conversations/{elsewhere}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("their private question")).to_have_count(0)
    page.goto("/console/admin/users")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    page.goto("/console/audit")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
