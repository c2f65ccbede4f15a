"""Builders of realistic WhatsApp Cloud API webhook bodies, signed the way Meta signs them.

Each builder returns one ``changes[]`` item (``{"field": "messages", "value": {...}}``) with
one contact and one message or status, in the 2026 shape: the sender's business-scoped user id
in ``contacts[].user_id`` and ``messages[].from_user_id``, the phone (``wa_id``/``from``) only
when the ``Sender`` has one, the username in ``contacts[].profile.username``. ``webhook_body``
wraps changes into the body Meta POSTs and ``signed_headers`` adds ``X-Hub-Signature-256``::

    body = webhook_body(text_message("Hi", sender=Sender(wa_id=None, username="sheena")))
    client.post("/webhooks/whatsapp", content=body, headers=signed_headers(APP_SECRET, body))
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from connectors.whatsapp.signature import HEADER, sign

APP_SECRET = "test-app-secret"
WABA_ID = "102290129340398"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_PHONE_NUMBER = "15550783881"

MediaType = Literal["image", "audio", "video", "document", "sticker"]


@dataclass(frozen=True)
class Sender:
    """The WhatsApp user in a payload. ``wa_id=None``: a username user whose phone is withheld.

    ``username_in_profile=False`` puts the username at ``contacts[].username`` instead of
    ``contacts[].profile.username`` (a placement the parser also accepts).
    """

    wa_id: str | None = "16505551234"
    bsuid: str | None = "US.13491208655302741918"
    username: str | None = None
    profile_name: str | None = "Sheena Nelson"
    username_in_profile: bool = True


SENDER = Sender()


def new_wamid() -> str:
    """A fresh, unique message id in Meta's style."""
    return f"wamid.HBgL{uuid.uuid4().hex.upper()}"


def contact(sender: Sender) -> dict[str, Any]:
    """The ``contacts[]`` entry Meta sends for ``sender``."""
    profile: dict[str, str] = {}
    if sender.profile_name is not None:
        profile["name"] = sender.profile_name
    if sender.username is not None and sender.username_in_profile:
        profile["username"] = sender.username
    entry: dict[str, Any] = {"profile": profile}
    if sender.wa_id is not None:
        entry["wa_id"] = sender.wa_id
    if sender.bsuid is not None:
        entry["user_id"] = sender.bsuid
    if sender.username is not None and not sender.username_in_profile:
        entry["username"] = sender.username
    return entry


def incoming(
    content: dict[str, Any],
    *,
    sender: Sender = SENDER,
    message_id: str | None = None,
    timestamp: int | None = None,
    context_id: str | None = None,
    phone_number_id: str = PHONE_NUMBER_ID,
) -> dict[str, Any]:
    """A change carrying one incoming message whose type-specific part is ``content``."""
    message: dict[str, Any] = {}
    if sender.wa_id is not None:
        message["from"] = sender.wa_id
    if sender.bsuid is not None:
        message["from_user_id"] = sender.bsuid
    message["id"] = message_id or new_wamid()
    message["timestamp"] = str(int(time.time()) if timestamp is None else timestamp)
    if context_id is not None:
        message["context"] = {"from": DISPLAY_PHONE_NUMBER, "id": context_id}
    message.update(content)
    value = {
        **_value_head(phone_number_id),
        "contacts": [contact(sender)],
        "messages": [message],
    }
    return {"field": "messages", "value": value}


def text_message(
    body: str = "Does it come in another color?",
    *,
    sender: Sender = SENDER,
    message_id: str | None = None,
    timestamp: int | None = None,
    context_id: str | None = None,
) -> dict[str, Any]:
    """A plain text message."""
    content = {"type": "text", "text": {"body": body}}
    return incoming(
        content, sender=sender, message_id=message_id, timestamp=timestamp, context_id=context_id
    )


def interactive_reply(
    title: str = "Book a demo",
    *,
    reply: Literal["button_reply", "list_reply"] = "button_reply",
    reply_id: str = "option-1",
    description: str | None = None,
    sender: Sender = SENDER,
    message_id: str | None = None,
    context_id: str | None = None,
) -> dict[str, Any]:
    """A tap on a reply button or a list row of one of our interactive messages."""
    chosen: dict[str, str] = {"id": reply_id, "title": title}
    if description is not None:
        chosen["description"] = description
    content = {"type": "interactive", "interactive": {"type": reply, reply: chosen}}
    return incoming(
        content, sender=sender, message_id=message_id, context_id=context_id or new_wamid()
    )


def button_reply(
    text: str = "Yes, call me",
    *,
    payload: str = "CALL_ME",
    sender: Sender = SENDER,
    message_id: str | None = None,
    context_id: str | None = None,
) -> dict[str, Any]:
    """A tap on a quick-reply button of one of our template messages."""
    content = {"type": "button", "button": {"payload": payload, "text": text}}
    return incoming(
        content, sender=sender, message_id=message_id, context_id=context_id or new_wamid()
    )


def media_message(
    media_type: MediaType = "image",
    *,
    caption: str | None = None,
    media_id: str = "1479537139650973",
    mime_type: str = "image/jpeg",
    sha256: str = "N8ma8Y8sFq2GhvYfD2Yc3ynPnxBc2D3lWPDgdmhV7Xg=",
    filename: str | None = None,
    sender: Sender = SENDER,
    message_id: str | None = None,
) -> dict[str, Any]:
    """An image, audio, video, document or sticker message (media by id, as Meta sends it)."""
    media: dict[str, str] = {"id": media_id, "mime_type": mime_type, "sha256": sha256}
    if caption is not None:
        media["caption"] = caption
    if filename is not None:
        media["filename"] = filename
    return incoming({"type": media_type, media_type: media}, sender=sender, message_id=message_id)


def location_message(
    *,
    name: str | None = "Main Street Office",
    address: str | None = "1 Main St, Springfield",
    sender: Sender = SENDER,
) -> dict[str, Any]:
    """A shared location (coordinates included, as Meta sends them)."""
    location: dict[str, Any] = {"latitude": 37.4837, "longitude": -122.1482}
    if name is not None:
        location["name"] = name
    if address is not None:
        location["address"] = address
    return incoming({"type": "location", "location": location}, sender=sender)


def reaction(
    emoji: str | None = "\N{THUMBS UP SIGN}",
    *,
    reacted_to: str | None = None,
    sender: Sender = SENDER,
    message_id: str | None = None,
) -> dict[str, Any]:
    """A reaction to a message; ``emoji=None`` is a removed reaction (Meta omits the emoji)."""
    body: dict[str, str] = {"message_id": reacted_to or new_wamid()}
    if emoji is not None:
        body["emoji"] = emoji
    return incoming({"type": "reaction", "reaction": body}, sender=sender, message_id=message_id)


def status_update(
    wamid: str,
    status: str = "delivered",
    *,
    recipient: Sender = SENDER,
    error_codes: Sequence[int] = (),
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A delivery status of one of our messages; a ``failed`` one carries ``error_codes`` and,
    as on the real API, no ``contacts`` array."""
    entry: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(time.time()) if timestamp is None else timestamp),
    }
    if recipient.wa_id is not None:
        entry["recipient_id"] = recipient.wa_id
    if recipient.bsuid is not None:
        entry["recipient_user_id"] = recipient.bsuid
    if status == "failed":
        entry["errors"] = [
            {"code": code, "title": "Scripted failure", "message": "Scripted failure"}
            for code in error_codes
        ]
    else:
        entry["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "service"}
    value: dict[str, Any] = _value_head(PHONE_NUMBER_ID)
    if status != "failed":
        value["contacts"] = [contact(recipient)]
    value["statuses"] = [entry]
    return {"field": "messages", "value": value}


def webhook_body(*changes: dict[str, Any], waba_id: str = WABA_ID) -> bytes:
    """The body Meta POSTs: the changes in one entry of a WhatsApp Business Account."""
    document = {
        "object": "whatsapp_business_account",
        "entry": [{"id": waba_id, "changes": list(changes)}],
    }
    return json.dumps(document).encode()


def signed_headers(app_secret: str, body: bytes) -> dict[str, str]:
    """The headers of Meta's POST: JSON content type and the body's ``X-Hub-Signature-256``."""
    return {"Content-Type": "application/json", HEADER: sign(app_secret, body)}


def _value_head(phone_number_id: str) -> dict[str, Any]:
    metadata = {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": phone_number_id}
    return {"messaging_product": "whatsapp", "metadata": metadata}
