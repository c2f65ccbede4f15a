"""Part 3 of ``aspinix demo``: one e-mail conversation, threaded, through a fake Gmail.

A loopback stand-in for Google (``fakes.gmail_api``: Gmail's REST API, OAuth and Pub/Sub push
tokens) holds the sales mailbox. The mailbox is connected the way an operator does it on a
server (``aspinix gmail connect --authorized-user-file``); each prospect mail lands in the fake
mailbox, Pub/Sub's signed push tells the service, a worker reads the mail, and the reply waits
as a draft. The demo approves it, as a rep would, and shows the mail Gmail was asked to send.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from aspinix.commands.webhook_demo import DemoService, wait_for
from aspinix.startup import StartupError
from fakes.gmail_api import FakeGoogle
from fakes.gmail_records import SentMail
from fakes.mail import prospect_mail, quoted

MAILBOX = "sales@tarang.example"
PUSH_AUDIENCE = "https://aspinix.example/webhooks/gmail"
PUBLIC_URL = "https://aspinix.example"
TOPIC = "projects/aspinix-demo/topics/gmail"
_REPLY_SECONDS = 120.0


@dataclass(frozen=True)
class MailTurn:
    """One e-mail exchange as the demo shows it."""

    model_saw: str
    draft: str
    sent: SentMail


def mail_env(google: FakeGoogle) -> dict[str, str]:
    """The service's settings for the fake Google."""
    return google.service_env(audience=PUSH_AUDIENCE, public_url=PUBLIC_URL, topic=TOPIC)


def connect(google: FakeGoogle, service: DemoService, data_dir: Path) -> None:
    """``aspinix gmail connect --authorized-user-file``, as on a headless server."""
    credentials = data_dir / "demo-authorized-user.json"
    credentials.write_text(json.dumps(google.authorized_user_info(google.issue_refresh_token())))
    env = {**os.environ, **service.env}
    result = subprocess.run(
        [sys.executable, "-m", "aspinix.cli", "gmail", "connect", "--authorized-user-file",
         str(credentials)],
        env=env, capture_output=True, check=False,
    )  # fmt: skip
    credentials.unlink()
    if result.returncode != 0:
        raise StartupError(f"gmail connect failed: {result.stderr.decode().strip()}")


def mail_turn(
    google: FakeGoogle,
    service: DemoService,
    raw: bytes,
    thread_id: str | None,
    model_view: Callable[[str], str],
) -> MailTurn:
    """Deliver ``raw`` to the mailbox, push, wait for the draft, approve it, return the sent
    mail."""
    seen = {draft["id"] for draft in service.drafts()}
    google.add_inbound(raw, thread_id=thread_id)
    token = google.push_token(PUSH_AUDIENCE)
    response = httpx.post(
        f"{service.base_url}/webhooks/gmail",
        content=google.push_body(MAILBOX, google.history_id),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    draft: dict[str, Any] = wait_for(
        lambda: next((d for d in service.drafts() if d["id"] not in seen), None),
        _REPLY_SECONDS,
        "the e-mail draft",
    )
    sent_before = len(google.sent)
    service.approve(draft["id"])
    wait_for(lambda: len(google.sent) > sent_before, _REPLY_SECONDS, "the sent reply")
    return MailTurn(model_view(draft["conversation_id"]), str(draft["text"]), google.sent[-1])


def new_address() -> str:
    """A prospect address of this run's own, so every demo starts a fresh conversation."""
    return f"priya.sharma.{uuid.uuid4().hex[:4]}@lotustex.example"


def first_mail(address: str) -> tuple[bytes, str]:
    """The prospect's first mail: PII in the body, the signature, a Cc and old quoted text."""
    body = (
        "Hello Tarang team,\n\nWe are 40 people at Lotus Textiles in Surat and need a CRM for "
        "our sales team by March. What does it cost per seat?\n\n"
        "--\nPriya Sharma\nHead of Sales, Lotus Textiles\nMobile +91 98765 43210\n"
        "Flat 12B, Palm Grove Apartments, Ring Road, Surat 395002\n\n"
        + quoted("Thanks for visiting our stall at the Surat expo!")
    )
    return prospect_mail(
        sender=("Priya Sharma", address),
        to=MAILBOX,
        cc=[("Rahul Verma", "rahul.verma@lotustex.example")],
        subject="CRM for our sales team",
        body=body,
    )


def second_mail(address: str, in_reply_to: str, references: list[str]) -> tuple[bytes, str]:
    """The prospect's answer, in the same thread, quoting the reply."""
    return prospect_mail(
        sender=("Priya Sharma", address),
        to=MAILBOX,
        subject="Re: CRM for our sales team",
        body="Budget is around ₹5 lakh a year, and I decide.\n\n" + quoted("What budget ..."),
        in_reply_to=in_reply_to,
        references=references,
    )


def describe(sent: SentMail) -> list[str]:
    """The sent mail's threading, as Gmail received it."""
    message = sent.message
    return [
        f"To: {message['To']}",
        f"Subject: {message['Subject']}",
        f"In-Reply-To: {message['In-Reply-To']}",
        f"Gmail thread: {sent.requested_thread_id}",
    ]
