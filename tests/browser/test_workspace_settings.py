"""An admin in Chromium switches the running deployment from review to auto mode and gives the
privacy notice a new text and label: the next message the deployment processes is sent at
once with the new notice, with no restart; a changed text under the old label is refused
beside the field; every change is in the audit log."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI, Text
from fakes.whatsapp_payloads import text_message, webhook_body
from tests.browser.accounts import ConsoleUser, sign_in
from tests.browser.conftest import screenshot
from tests.e2e.deployment import Deployment, new_sender, sent_to, wait_until

NEW_NOTICE = (
    "Privacy: an automated assistant answers first, and our AI provider only ever sees "
    "placeholders for your details. Reply STOP at any time."
)


def test_an_admins_reply_mode_and_notice_apply_to_the_next_message(
    page: Page, console: Deployment, admin: ConsoleUser, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sign_in(page, admin)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^Review"))).to_be_checked()

    page.get_by_role("radio", name=re.compile("^Auto")).check()
    page.get_by_role("button", name="Save reply mode").click()
    expect(page.get_by_role("status")).to_contain_text("Reply mode saved")
    expect(page.get_by_role("radio", name=re.compile("^Auto"))).to_be_checked()

    # A new text under the old label would never reach contacts who saw the old one.
    page.get_by_label("Notice text").fill(NEW_NOTICE)
    page.get_by_role("button", name="Save privacy notice").click()
    expect(page.get_by_role("alert")).to_contain_text("new label after v2")
    expect(page.get_by_label("Notice text")).to_have_value(NEW_NOTICE)  # kept as typed
    page.get_by_label("Label", exact=True).fill("v3")
    page.get_by_role("button", name="Save privacy notice").click()
    expect(page.get_by_role("status")).to_contain_text("Privacy notice saved")
    expect(page.get_by_role("cell", name="notice", exact=True)).to_be_visible()
    screenshot(page, "settings")

    sender = new_sender("Arjun Nair")
    ai.script(Text("Thanks <PERSON_1>, happy to help. How large is your sales team?"))
    console.post_webhook(
        webhook_body(
            text_message(
                "Hi, we are looking for a CRM for our sales team.",
                sender=sender,
                message_id=f"wamid.{uuid.uuid4().hex}",
            )
        )
    )
    sent = wait_until(lambda: sent_to(graph, sender.wa_id), what="the reply sent in auto mode")
    assert isinstance(sent, list) and len(sent) == 1
    assert sent[0].startswith("Thanks Arjun Nair") and sent[0].endswith(NEW_NOTICE)

    page.goto("/console/audit?action=settings.changed")
    expect(page.get_by_role("cell", name="settings.changed")).to_have_count(2)
    expect(page.get_by_text('"mode":"auto"')).to_be_visible()
    expect(page.get_by_text('"notice_version":"v3"')).to_be_visible()
    assert "AI provider only ever sees" not in page.content()  # codes, never the text
