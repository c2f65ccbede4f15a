"""Gmail end to end: pushes in (OIDC-signed, through the fake Google's Pub/Sub tokens), mail
read from the fake Gmail API, replies sent back in the thread; the model is the fake
OpenAI-compatible server. On SQLite, and on PostgreSQL with Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from fakes.gmail_api import FakeGoogle
from fakes.gmail_records import SentMail
from fakes.graph_api import FakeGraphAPI
from fakes.mail import prospect_mail, quoted
from fakes.openai_server import FakeOpenAI, Text
from fakes.whatsapp_payloads import text_message, webhook_body
from store.identities import IdentityKind
from store.models import Message
from tests.e2e.deployment import Deployment, new_sender, sent_to, wait_until
from tests.e2e.gmail_setup import PUSH_AUDIENCE, gmail_deployment, push


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle(email_address="sales@tarang.example") as fake:
        yield fake


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def mail_service(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    master_key_text: str,
    google: FakeGoogle,
    graph: FakeGraphAPI,
    ai: FakeOpenAI,
) -> Iterator[Deployment]:
    yield from gmail_deployment(
        request.param, tmp_path_factory.mktemp("gmail"), master_key_text, google, graph, ai
    )


def _address(name: str = "priya") -> str:
    return f"{name}.{uuid.uuid4().hex[:6]}@lotustex.co.in"


def _replies_to(google: FakeGoogle, address: str) -> list[SentMail]:
    return [mail for mail in google.sent if address in str(mail.message["To"])]


def _deliver(service: Deployment, google: FakeGoogle, raw: bytes, **kwargs: object) -> str:
    gmail_id, _thread = google.add_inbound(raw, **kwargs)  # type: ignore[arg-type]
    assert push(service, google).status_code == 204
    return gmail_id


def _stored(service: Deployment, gmail_id: str) -> Message | None:
    return service.stored(gmail_id)


def test_a_prospect_mail_is_answered_in_its_thread_and_no_identifier_reaches_the_model(
    mail_service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> None:
    address, colleague = _address(), _address("rahul")
    ai.script(Text("Thanks <PERSON_1>! What budget do you have in mind?"))
    body = (
        "Hello,\n\nWe are 40 people at Lotus Textiles and need a CRM by March. "
        "My PAN is BNZPS4821K and my Aadhaar 2345 6789 0124.\n\n"
        "--\nPriya Sharma\nHead of Sales, Lotus Textiles\n+91 98765 43210\n"
        "14 MG Road, Bengaluru 560001\n\n" + quoted("Our offer: OLDQUOTEMARKER 12 seats.")
    )
    raw, message_id = prospect_mail(
        sender=("Priya Sharma", address),
        to=google.email_address,
        cc=[("Rahul Verma", colleague)],
        subject="CRM for our sales team",
        body=body,
    )
    gmail_id, thread_id = google.add_inbound(raw)
    assert push(mail_service, google).status_code == 204
    replies = wait_until(lambda: _replies_to(google, address), what="the e-mail reply")
    assert isinstance(replies, list) and len(replies) == 1
    reply = replies[0]
    assert reply.requested_thread_id == thread_id
    assert reply.message["In-Reply-To"] == message_id
    assert message_id in str(reply.message["References"])
    assert reply.message["Subject"] == "Re: CRM for our sales team"
    assert google.email_address in str(reply.message["From"])
    text = reply.message.get_body(("plain",)).get_content()
    assert text.startswith("Thanks Priya Sharma! What budget")
    sent_to_model = ai.all_request_text()
    assert "40 people" in sent_to_model
    for raw_value in (
        "Priya", "Sharma", address, "lotustex", "Rahul", colleague, "BNZPS4821K",
        "2345 6789 0124", "98765 43210", "MG Road", "OLDQUOTEMARKER",
    ):  # fmt: skip
        assert raw_value not in sent_to_model, raw_value
    stored = _stored(mail_service, gmail_id)
    assert stored is not None
    with mail_service.ledger() as ledger:
        meta = ledger.conversations.meta(ledger.inbox.get(stored.id))
        assert "+91 98765 43210" in meta["signature"]
        assert "OLDQUOTEMARKER" not in ledger.conversations.body(stored)
        assert ledger.contacts.find(IdentityKind.EMAIL, colleague) is not None


def test_duplicate_pushes_give_one_reply(
    mail_service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> None:
    address = _address()
    ai.default_reply = Text("Happy to help.")
    raw, _ = prospect_mail(
        sender=("Asha Rao", address), to=google.email_address, subject="Pricing?", body="Price?"
    )
    google.add_inbound(raw)
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: push(mail_service, google).status_code, range(4)))
    assert statuses == [204] * 4
    wait_until(lambda: _replies_to(google, address), what="the reply")
    push(mail_service, google)
    wait_until(lambda: not _busy(mail_service), what="the queue to drain", timeout=30)
    assert len(_replies_to(google, address)) == 1


def _busy(service: Deployment) -> bool:
    """A message is being answered or a mailbox synced."""
    with service.ledger() as ledger:
        answering = ledger.scope.session.scalars(
            select(Message.id).where(Message.state.in_(("received", "processing")))
        ).first()
        syncing = any(m.sync_owner or m.sync_requested for m in ledger.mailboxes.all())
        return bool(answering) or syncing


def test_forged_or_unauthenticated_pushes_trigger_nothing(
    mail_service: Deployment, google: FakeGoogle
) -> None:
    wait_until(lambda: not _busy(mail_service), what="earlier syncs to end", timeout=30)
    address = _address()
    raw, _ = prospect_mail(
        sender=("Asha Rao", address), to=google.email_address, subject="Hi", body="Hello"
    )
    gmail_id, _ = google.add_inbound(raw)
    fetched_before = len(google.requests_to("/gmail/v1/users/me/history"))
    forged = google.push_token(PUSH_AUDIENCE, key=google.attacker_key)
    assert push(mail_service, google, token=forged).status_code == 403
    wrong_audience = google.push_token("https://elsewhere.example/push")
    assert push(mail_service, google, token=wrong_audience).status_code == 403
    wrong_account = google.push_token(PUSH_AUDIENCE, email="intruder@evil.example")
    assert push(mail_service, google, token=wrong_account).status_code == 403
    unsigned = httpx.post(
        f"{mail_service.base_url}/webhooks/gmail",
        content=google.push_body(google.email_address, google.history_id),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert unsigned.status_code == 401
    time.sleep(1)  # a push that got through would have a worker reading history by now
    assert len(google.requests_to("/gmail/v1/users/me/history")) == fetched_before
    assert _stored(mail_service, gmail_id) is None
    assert push(mail_service, google).status_code == 204  # the real push still works
    wait_until(lambda: _stored(mail_service, gmail_id), what="the mail to be stored")


def test_auto_replies_bounces_and_newsletters_are_not_answered(
    mail_service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> None:
    ai.default_reply = Text("Thanks for writing.")
    to = google.email_address
    ignored = [
        prospect_mail(
            sender=("Asha Rao", _address()), to=to, subject="Out of Office: CRM",
            body="I am away until Monday.", headers={"Auto-Submitted": "auto-replied"},
        ),
        prospect_mail(
            sender=("Growth Weekly", "news@growthweekly.example"), to=to,
            subject="10 tips for your funnel", body="Read more...",
            headers={"List-Unsubscribe": "<https://growthweekly.example/u/1>",
                     "Precedence": "bulk", "List-Id": "<weekly.growthweekly.example>"},
        ),
        prospect_mail(
            sender=("Mail Delivery Subsystem", "mailer-daemon@googlemail.com"), to=to,
            subject="Delivery Status Notification (Failure)", body="Address not found",
            headers={"Auto-Submitted": "auto-replied"},
        ),
    ]  # fmt: skip
    ignored_ids = [google.add_inbound(raw)[0] for raw, _ in ignored]
    real = _address()
    raw, _ = prospect_mail(sender=("Asha Rao", real), to=to, subject="Demo?", body="Can we talk?")
    real_id = _deliver(mail_service, google, raw)
    wait_until(lambda: _replies_to(google, real), what="the prospect's reply")
    assert _stored(mail_service, real_id) is not None
    for gmail_id in ignored_ids:
        assert _stored(mail_service, gmail_id) is None
    assert not any("growthweekly" in str(m.message["To"]) for m in google.sent)


def test_an_unsubscribe_reply_withdraws_marketing_and_stops_follow_ups(
    mail_service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> None:
    address, first_id, conversation_id = _opted_in_prospect(mail_service, google, ai)
    raw, _ = prospect_mail(
        sender=("Asha Rao", address), to=google.email_address, subject="Re: Offers",
        body="Unsubscribe me, thanks", in_reply_to=first_id,
    )  # fmt: skip
    _deliver(mail_service, google, raw)
    wait_until(lambda: len(_replies_to(google, address)) == 2, what="the confirmation")
    refused = mail_service.admin(
        "POST", f"/api/conversations/{conversation_id}/follow-ups", json={"text": "New offer!"}
    )
    assert refused.status_code == 422 and refused.json()["detail"]["code"] == "consent"


def test_a_follow_up_carries_one_click_unsubscribe_that_works_without_login(
    mail_service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> None:
    address, _first_id, conversation_id = _opted_in_prospect(mail_service, google, ai)
    queued = mail_service.admin(
        "POST",
        f"/api/conversations/{conversation_id}/follow-ups",
        json={"text": "Our festive offer: 20% off."},
    )
    assert queued.status_code == 202, queued.text
    mails = wait_until(
        lambda: len(_replies_to(google, address)) == 2 and _replies_to(google, address)
    )
    assert isinstance(mails, list)
    follow_up = mails[1].message
    assert follow_up["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(follow_up["List-Unsubscribe"]).strip("<>").split(">")[0]
    assert link.startswith("https://aspinix.test/unsubscribe/")
    path = urlsplit(link).path
    assert httpx.get(f"{mail_service.base_url}{path}").status_code == 200  # a page, no change
    tampered = path[:-1] + ("1" if path.endswith("0") else "0")
    forged = httpx.post(f"{mail_service.base_url}{tampered}", data={"x": "y"})
    assert forged.status_code == 404
    clicked = httpx.post(
        f"{mail_service.base_url}{path}", content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert clicked.status_code == 200
    with mail_service.ledger() as ledger:
        contact_id = ledger.conversations.get(conversation_id).contact_id
        standing = ledger.consent.standing(contact_id)
        assert standing.consents["marketing_followup"] is False
        latest = ledger.consent.history(contact_id)[-1]
        assert latest.actor == "contact:one-click-unsubscribe"
    again = mail_service.admin(
        "POST", f"/api/conversations/{conversation_id}/follow-ups", json={"text": "Still there?"}
    )
    assert again.status_code == 422


def test_a_whatsapp_prospect_who_gives_their_email_is_the_same_lead_when_they_write(
    mail_service: Deployment, google: FakeGoogle, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    address = _address("meera")
    sender = new_sender("Meera Iyer")
    ai.default_reply = Text("Thanks!")
    mail_service.post_webhook(
        webhook_body(text_message(f"Please email the quote to {address}", sender=sender))
    )
    wait_until(lambda: sent_to(graph, sender.wa_id), what="the WhatsApp reply")
    raw, _ = prospect_mail(
        sender=("Meera Iyer", address), to=google.email_address, subject="Quote", body="Any news?"
    )
    gmail_id = _deliver(mail_service, google, raw)
    wait_until(lambda: _replies_to(google, address), what="the e-mail reply")
    _conversation_id, contact_id = _conversation_of(mail_service, gmail_id)
    with mail_service.ledger() as ledger:
        whatsapp_contact = ledger.contacts.find(IdentityKind.BSUID, sender.bsuid)
        assert whatsapp_contact is not None and whatsapp_contact.id == contact_id
        channels = ledger.conversations.channels_of(contact_id)
        assert channels == ["gmail", "whatsapp"]


def test_an_email_prospect_whose_signature_has_a_phone_is_the_same_lead_on_whatsapp(
    mail_service: Deployment, google: FakeGoogle, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    address = _address("kabir")
    sender = new_sender("Kabir Shah")
    assert sender.wa_id is not None
    phone = f"+{sender.wa_id[:2]} {sender.wa_id[2:7]} {sender.wa_id[7:]}"
    ai.default_reply = Text("Thanks!")
    raw, _ = prospect_mail(
        sender=("Kabir Shah", address), to=google.email_address, subject="CRM",
        body=f"Interested in a demo.\n\n--\nKabir Shah\nMobile {phone}\n",
    )  # fmt: skip
    gmail_id = _deliver(mail_service, google, raw)
    wait_until(lambda: _replies_to(google, address), what="the e-mail reply")
    _conversation_id, contact_id = _conversation_of(mail_service, gmail_id)
    mail_service.post_webhook(webhook_body(text_message("Hi, following up", sender=sender)))
    wait_until(lambda: sent_to(graph, sender.wa_id), what="the WhatsApp reply")
    with mail_service.ledger() as ledger:
        whatsapp_contact = ledger.contacts.find(IdentityKind.BSUID, sender.bsuid)
        assert whatsapp_contact is not None and whatsapp_contact.id == contact_id


def _conversation_of(service: Deployment, gmail_id: str) -> tuple[str, str]:
    stored = wait_until(lambda: _stored(service, gmail_id), what="the stored mail")
    assert isinstance(stored, Message)
    with service.ledger() as ledger:
        conversation = ledger.conversations.get(stored.conversation_id)
        return conversation.id, conversation.contact_id


def _opted_in_prospect(
    service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> tuple[str, str, str]:
    """A prospect who mailed, was answered and agreed to marketing: (address, their first
    mail's Message-ID, the conversation id)."""
    address = _address()
    ai.default_reply = Text("Thanks, noted.")
    raw, first_id = prospect_mail(
        sender=("Asha Rao", address), to=google.email_address, subject="Offers", body="Send news"
    )
    gmail_id = _deliver(service, google, raw)
    wait_until(lambda: _replies_to(google, address), what="the first reply")
    conversation_id, contact_id = _conversation_of(service, gmail_id)
    with service.ledger() as ledger:
        ledger.consent.record(
            contact_id, "marketing_followup", True, source_channel="gmail", actor="contact:test"
        )
    return address, first_id, conversation_id
