"""Review mode: replies wait as drafts; a rep approves (maybe edited) or rejects them through
the drafts API, and the 24-hour rule refuses free text once the window has closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI, Text
from fakes.whatsapp_payloads import text_message, webhook_body
from tests.e2e.deployment import Deployment, make_deployment, new_sender, running, wait_until


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def reviewed(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    master_key_text: str,
    graph: FakeGraphAPI,
    ai: FakeOpenAI,
) -> Iterator[Deployment]:
    deployment = make_deployment(
        request.param,
        tmp_path_factory.mktemp("review"),
        master_key_text,
        graph,
        ai,
        reply_mode="review",
    )
    yield from running(deployment)


def _draft_for(service: Deployment, text_start: str) -> dict[str, object]:
    def find() -> dict[str, object] | None:
        drafts = service.admin("GET", "/api/drafts").json()
        return next((d for d in drafts if str(d["text"]).startswith(text_start)), None)

    draft = wait_until(find, what="the draft")
    assert isinstance(draft, dict)
    return draft


def test_a_draft_waits_and_an_edited_approval_is_sent(
    reviewed: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender("Kavya Iyer")
    ai.script(Text("Hi <PERSON_1>, our plans start at ₹999 per seat."))
    reviewed.post_webhook(webhook_body(text_message("What does it cost?", sender=sender)))
    draft = _draft_for(reviewed, "Hi Kavya Iyer, our plans")
    assert not graph.sent_texts()  # nothing leaves before a rep approves
    edited = "Hi Kavya, plans start at ₹999 per seat per month. Shall I book a demo?"
    approved = reviewed.admin("POST", f"/api/drafts/{draft['id']}/approve", json={"text": edited})
    assert approved.status_code == 200 and approved.json()["delivery"] == "queued"
    sent = wait_until(lambda: [t for to, t in graph.sent_texts() if to == sender.wa_id])
    assert sent == [edited]
    again = reviewed.admin("POST", f"/api/drafts/{draft['id']}/approve")
    assert again.status_code == 409


def test_a_rejected_draft_is_never_sent(
    reviewed: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender("Kavya Iyer")
    ai.script(Text("Sure <PERSON_1>, a discount of 90% is fine."))
    reviewed.post_webhook(webhook_body(text_message("Any discount?", sender=sender)))
    draft = _draft_for(reviewed, "Sure Kavya Iyer")
    rejected = reviewed.admin("POST", f"/api/drafts/{draft['id']}/reject")
    assert rejected.json()["delivery"] == "rejected"
    listed = [d["id"] for d in reviewed.admin("GET", "/api/drafts").json()]
    assert draft["id"] not in listed and not graph.sent_texts()


def test_the_24_hour_window_refuses_free_text_and_the_draft_says_why(
    reviewed: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender("Kavya Iyer")
    ai.script(Text("Hello <PERSON_1>, following up on your question."))
    reviewed.post_webhook(webhook_body(text_message("Do you support Hindi?", sender=sender)))
    draft = _draft_for(reviewed, "Hello Kavya Iyer, following up")
    with reviewed.ledger() as ledger:  # a day and an hour pass without a word from the prospect
        message = ledger.outbox.get(str(draft["id"]))
        for earlier in ledger.conversations.messages(
            ledger.conversations.get(message.conversation_id)
        ):
            if earlier.direction == "inbound":
                earlier.created_at = earlier.created_at - timedelta(hours=25)
    refused = reviewed.admin("POST", f"/api/drafts/{draft['id']}/approve")
    assert refused.status_code == 422
    assert refused.json()["detail"]["code"] == "outside_24h_window"
    listed = {d["id"]: d for d in reviewed.admin("GET", "/api/drafts").json()}
    assert listed[draft["id"]]["problem"] == "outside_24h_window"
    assert not graph.sent_texts()


def test_the_drafts_api_needs_the_admin_token(reviewed: Deployment) -> None:
    url = f"{reviewed.base_url}/api/drafts"
    assert httpx.get(url).status_code == 401
    wrong = httpx.get(url, headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
