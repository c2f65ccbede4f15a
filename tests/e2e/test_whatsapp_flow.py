"""WhatsApp end to end: signed webhooks in, replies out through the fake Graph API, the model
being the fake OpenAI-compatible server; on SQLite, and on PostgreSQL with Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import select

from fakes.graph_api import FakeGraphAPI, GraphError
from fakes.openai_server import Error, FakeOpenAI, Text
from fakes.whatsapp_payloads import (
    media_message,
    reaction,
    status_update,
    text_message,
    webhook_body,
)
from store.identities import IdentityKind
from store.models import Message
from tests.e2e.deployment import VERIFY_TOKEN, Deployment, new_sender, sent_to, wait_until


def test_the_verification_handshake(service: Deployment) -> None:
    params = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    url = f"{service.base_url}/webhooks/whatsapp"
    ok = httpx.get(url, params={**params, "hub.verify_token": VERIFY_TOKEN})
    assert (ok.status_code, ok.text) == (200, "1158201444")
    wrong = httpx.get(url, params={**params, "hub.verify_token": "guess"})
    assert wrong.status_code == 403


def test_indian_prospect_is_answered_and_no_identifier_reaches_the_model(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender(username="priya.s")
    ai.script(
        Text("Thanks <PERSON_1>! What is your budget?"),
        Text("Noted, <PERSON_1>. When do you want to go live?"),
    )
    first = (
        "Hi, I'm Priya Sharma from Lotus Textiles. Mail priya.sharma@lotustex.in, PAN BNZPS4821K."
    )
    second = "Budget ₹5 lakh a year. Call me on 98765 43210. We are 40 people and I decide."
    assert service.post_webhook(webhook_body(text_message(first, sender=sender))).status_code == 200
    wait_until(lambda: sent_to(graph, sender.wa_id), what="the first reply")
    service.post_webhook(webhook_body(text_message(second, sender=sender)))
    replies = wait_until(
        lambda: len(sent_to(graph, sender.wa_id)) == 2 and sent_to(graph, sender.wa_id),
        what="the second reply",
    )
    assert isinstance(replies, list)
    assert replies[0].startswith("Thanks Priya Sharma! What is your budget?")
    assert "Privacy:" in replies[0] and "Privacy:" not in replies[1]
    assert replies[1].startswith("Noted, Priya Sharma.")
    sent_to_model = ai.all_request_text()
    for raw in (
        "Priya",
        "Sharma",
        "priya.sharma@lotustex.in",
        "BNZPS4821K",
        "98765 43210",
        sender.wa_id,
        sender.bsuid,
        "priya.s",
    ):
        assert raw and raw not in sent_to_model, f"{raw!r} reached the AI provider"
    with service.ledger() as ledger:
        contact = ledger.contacts.find(IdentityKind.BSUID, sender.bsuid or "")
        assert contact is not None
        kinds = {kind for kind, _ in ledger.contacts.identities(contact)}
        # The channel's identifiers, and the address and number the prospect gave (linked, so
        # the same lead is found when they write from them on another channel).
        assert kinds == {
            IdentityKind.BSUID,
            IdentityKind.WA_ID,
            IdentityKind.USERNAME,
            IdentityKind.EMAIL,
            IdentityKind.PHONE,
        }
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        lead = ledger.leads.get(conversation)
        assert lead.score is not None and lead.score > 0
        assert lead.facts.get("budget")


def test_a_username_user_without_a_phone_is_answered_by_bsuid(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender("Sheena Nelson", with_phone=False, username="sheena")
    ai.script(Text("Hello <PERSON_1>, happy to help."))
    service.post_webhook(webhook_body(text_message("Hi, pricing for 12 seats?", sender=sender)))
    replies = wait_until(lambda: sent_to(graph, sender.bsuid), what="a reply by BSUID")
    assert isinstance(replies, list) and replies[0].startswith(
        "Hello Sheena Nelson, happy to help."
    )
    recorded = graph.accepted()[-1][1]
    assert recorded.get("recipient") == sender.bsuid and "to" not in recorded
    assert (
        "Sheena" not in ai.all_request_text() and (sender.bsuid or "") not in ai.all_request_text()
    )


def test_redelivered_webhooks_are_answered_once(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    body = webhook_body(text_message("Hello, do you integrate with Tally?", sender=sender))
    with ThreadPoolExecutor(max_workers=4) as pool:  # deliveries racing each other
        responses = list(pool.map(lambda _: service.post_webhook(body), range(4)))
    responses.append(service.post_webhook(body))  # and a late redelivery
    assert [r.status_code for r in responses] == [200] * 5
    assert sum(r.json()["stored"] for r in responses) == 1
    wait_until(lambda: sent_to(graph, sender.wa_id), what="the reply")
    # A later message proves the worker moved on; still one reply to the first.
    service.post_webhook(webhook_body(text_message("And with Zoho?", sender=sender)))
    wait_until(lambda: len(sent_to(graph, sender.wa_id)) >= 2, what="the second reply")
    assert len(sent_to(graph, sender.wa_id)) == 2
    assert len(ai.completion_requests) == 2


def test_forged_and_unsigned_webhooks_store_and_send_nothing(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    change = text_message("Forged hello", sender=sender)
    body = webhook_body(change)
    unsigned = service.post_webhook(body, headers={})
    forged = service.post_webhook(body, headers={"X-Hub-Signature-256": "sha256=" + "0" * 64})
    assert (unsigned.status_code, forged.status_code) == (401, 403)
    channel_id = change["value"]["messages"][0]["id"]
    assert service.stored(channel_id) is None
    with service.ledger() as ledger:
        actions = [entry.action for entry in ledger.audit.entries()]
    assert "webhook.unsigned" in actions and "webhook.forged" in actions
    assert not sent_to(graph, sender.wa_id) and not ai.requests


def test_stop_is_confirmed_without_a_model_call(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    service.post_webhook(webhook_body(text_message("STOP", sender=sender)))
    replies = wait_until(lambda: sent_to(graph, sender.wa_id), what="the confirmation")
    assert isinstance(replies, list) and len(replies) == 1
    assert not ai.completion_requests


def test_a_provider_outage_ends_in_the_playbook_and_a_handoff(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    ai.script(Error(503, "overloaded"))
    service.post_webhook(webhook_body(text_message("We need a CRM for 25 reps", sender=sender)))
    replies = wait_until(lambda: sent_to(graph, sender.wa_id), what="the playbook reply")
    assert isinstance(replies, list) and replies[0]
    with service.ledger() as ledger:
        contact = ledger.contacts.find(IdentityKind.BSUID, sender.bsuid or "")
        assert contact is not None
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        assert (conversation.status, conversation.handoff_reason) == (
            "handed_off",
            "provider_error",
        )


def test_reactions_are_recorded_and_receipts_applied(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    ai.script(Text("Hi <PERSON_1>!"))
    service.post_webhook(webhook_body(text_message("Hello", sender=sender)))
    wait_until(lambda: sent_to(graph, sender.wa_id), what="the reply")
    wamid = graph.accepted()[-1][0]
    service.post_webhook(webhook_body(status_update(wamid, "delivered", recipient=sender)))
    service.post_webhook(webhook_body(status_update(wamid, "read", recipient=sender)))
    service.post_webhook(webhook_body(status_update(wamid, "delivered", recipient=sender)))
    change = reaction("👍", reacted_to=wamid, sender=sender)
    service.post_webhook(webhook_body(change))
    with service.ledger() as ledger:
        outbound = ledger.scope.session.scalars(
            select(Message).where(Message.channel_message_id == wamid)
        ).one()
        assert outbound.delivery == "read"  # a late "delivered" does not undo "read"
    skipped = wait_until(
        lambda: (
            (m := service.stored(change["value"]["messages"][0]["id"])) is not None
            and m.state == "skipped"
        ),
        what="the reaction to be recorded",
    )
    assert skipped
    assert len(sent_to(graph, sender.wa_id)) == 1


def test_a_permanent_send_failure_is_recorded_and_shown(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    ai.script(Text("Hello <PERSON_1>!"))
    graph.script(GraphError(400, 131026))  # the recipient cannot receive WhatsApp messages
    service.post_webhook(webhook_body(text_message("Hi", sender=sender)))
    failed = wait_until(
        lambda: [
            m
            for m in service.admin("GET", "/api/outbox").json()
            if m["problem"] == "graph_error_131026"
        ],
        what="the failure to be listed",
    )
    assert isinstance(failed, list) and failed[0]["delivery"] == "failed"
    assert not sent_to(graph, sender.wa_id)


def test_a_photo_without_a_caption_is_recorded_and_answered(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender()
    ai.script(Text("Thanks for the picture, <PERSON_1>."))
    change = media_message("image", sender=sender)
    service.post_webhook(webhook_body(change))
    replies = wait_until(lambda: sent_to(graph, sender.wa_id), what="the reply")
    assert isinstance(replies, list)
    assert replies[0].startswith("Thanks for the picture, Priya Sharma.")
    message = service.stored(change["value"]["messages"][0]["id"])
    assert message is not None and message.content_kind == "image"
    with service.ledger() as ledger:
        message = ledger.inbox.get(message.id)
        assert ledger.conversations.body(message) == "[image]"
        assert ledger.conversations.meta(message)["media"]["id"]


def test_ids_and_text_the_database_cannot_hold_are_refused_not_a_500(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    # Found fuzzing: each was a 500 on PostgreSQL (a NUL, an id over the column's 256
    # characters) or on both backends (a lone surrogate escape, which no text encoding holds).
    sender = new_sender()
    bodies = [
        webhook_body(text_message("hi", sender=sender, message_id="wamid.\x00")),
        webhook_body(text_message("hi", sender=sender, message_id="w" * 257)),
        webhook_body(status_update("wamid.\x00", "read", recipient=sender)),
        webhook_body(text_message("\ud800", sender=sender)),
    ]
    assert [service.post_webhook(body).status_code for body in bodies] == [400] * 4
    with service.ledger() as ledger:
        assert ledger.contacts.find(IdentityKind.BSUID, sender.bsuid or "") is None
    assert not ai.requests
