"""Part 2 of ``aspinix demo``: a prospect's WhatsApp conversation through the real service.

``aspinix serve`` runs on the embedded default (SQLite, its own worker) in review mode, with a
demo app secret and admin token. Each prospect message goes in as a webhook signed the way Meta
signs it; the demo then prints what the model saw (or, with no key, what the guardrail would
send it), the reply the rep gets to approve, and the lead card.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from aspinix.commands.store_context import StoreContext
from aspinix.settings import Settings
from aspinix.startup import StartupError
from connectors.whatsapp.signature import HEADER, sign
from store.identities import IdentityKind

_START_SECONDS = 120.0
_REPLY_SECONDS = 120.0


@dataclass(frozen=True)
class DemoProspect:
    """Who writes in: what WhatsApp tells us about them before they type a word."""

    name: str
    wa_id: str
    bsuid: str


@dataclass(frozen=True)
class DemoTurn:
    """One turn as the demo shows it."""

    wrote: str
    model_saw: str | None
    reply: str
    lead_card: list[str]


class DemoService:
    """``aspinix serve`` in a subprocess, and the calls the demo makes to it."""

    def __init__(self, settings: Settings, extra_env: dict[str, str] | None = None) -> None:
        self.app_secret = secrets.token_hex(16)
        self.admin_token = secrets.token_urlsafe(16)
        self.port = _free_port()
        self.env = {
            "ASPINIX_DATA_DIR": str(settings.data_dir),
            "ASPINIX_REPLY_MODE": "review",
            "ASPINIX_ADMIN_TOKEN": self.admin_token,
            "WHATSAPP_APP_SECRET": self.app_secret,
            **(extra_env or {}),
        }
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> DemoService:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "aspinix.cli", "serve", "--port", str(self.port)],
            env={**os.environ, **self.env},
        )
        wait_for(self._healthy, _START_SECONDS, "the service to start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(60)

    def _healthy(self) -> bool:
        assert self._process is not None
        if self._process.poll() is not None:
            raise StartupError(f"aspinix serve exited with code {self._process.returncode}")
        try:
            return httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    def send(self, prospect: DemoProspect, text: str) -> None:
        """POST the message as Meta would: its webhook shape, signed with the app secret."""
        body = json.dumps(_webhook(prospect, text)).encode()
        response = httpx.post(
            f"{self.base_url}/webhooks/whatsapp",
            content=body,
            headers={"Content-Type": "application/json", HEADER: sign(self.app_secret, body)},
            timeout=10,
        )
        response.raise_for_status()

    def drafts(self) -> list[dict[str, Any]]:
        response = httpx.get(
            f"{self.base_url}/api/drafts",
            headers={"Authorization": f"Bearer {self.admin_token}"},
            timeout=10,
        )
        response.raise_for_status()
        drafts: list[dict[str, Any]] = response.json()
        return drafts

    def approve(self, draft_id: str) -> None:
        """Approve a draft as written, as a rep would."""
        response = httpx.post(
            f"{self.base_url}/api/drafts/{draft_id}/approve",
            headers={"Authorization": f"Bearer {self.admin_token}"},
            timeout=10,
        )
        response.raise_for_status()


def new_prospect(name: str) -> DemoProspect:
    """A prospect of this run's own, so every demo starts a fresh conversation."""
    phone, bsuid = uuid.uuid4().int % 10**8, uuid.uuid4().int % 10**16
    return DemoProspect(name, f"9198{phone:08d}", f"IN.{bsuid:016d}")


def take_turn(
    service: DemoService,
    store: StoreContext,
    prospect: DemoProspect,
    text: str,
    guardrail_view: Callable[[str], str],
) -> DemoTurn:
    """Send one message through the webhook and collect what happened to it."""
    seen = {draft["id"] for draft in service.drafts()}
    service.send(prospect, text)
    draft = wait_for(
        lambda: next((d for d in service.drafts() if d["id"] not in seen), None),
        _REPLY_SECONDS,
        "the reply",
    )
    with store.ledger() as ledger:
        contact = ledger.contacts.find(IdentityKind.BSUID, prospect.bsuid)
        assert contact is not None
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        inbound = [
            m for m in ledger.conversations.messages(conversation) if m.direction == "inbound"
        ]
        model_saw = ledger.conversations.egress(inbound[-1])
        lead = ledger.leads.get(conversation)
    return DemoTurn(
        wrote=text,
        model_saw=model_saw if model_saw is not None else guardrail_view(text),
        reply=str(draft["text"]),
        lead_card=_lead_card(lead.facts, lead.score, lead.priority, lead.reasons),
    )


def _lead_card(
    facts: dict[str, Any], score: int | None, priority: str | None, reasons: tuple[str, ...]
) -> list[str]:
    lines = [f"score {score if score is not None else '-'} ({priority or 'unscored'})"]
    for name, value in facts.items():
        if isinstance(value, dict) and value.get("text"):
            lines.append(f"{name}: {value['text']!r}")
    lines.extend(f"· {reason}" for reason in reasons)
    return lines


def _webhook(prospect: DemoProspect, text: str) -> dict[str, Any]:
    """Meta's webhook body for one text message from ``prospect``."""
    message = {
        "from": prospect.wa_id,
        "from_user_id": prospect.bsuid,
        "id": f"wamid.DEMO{uuid.uuid4().hex.upper()}",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": text},
    }
    contact = {
        "profile": {"name": prospect.name},
        "wa_id": prospect.wa_id,
        "user_id": prospect.bsuid,
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": "demo"},
        "contacts": [contact],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    return {"object": "whatsapp_business_account", "entry": [{"id": "demo", "changes": [change]}]}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    """Poll ``condition`` until it is truthy; StartupError naming ``what`` on timeout."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise StartupError(f"the demo gave up waiting for {what} after {seconds:.0f} s")
