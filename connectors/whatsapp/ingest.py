"""Storing what a verified WhatsApp webhook reported: inbound messages (encrypted, once each)
and delivery receipts for our own messages.

A WhatsApp identity is keyed by its business-scoped user id (BSUID); the phone number (wa_id)
is kept when Meta sends one and linked to the same contact, and so is the username. All three
and the profile name are personal data: encrypted, blind-indexed, seeded into the
conversation's vault so the AI provider never sees them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connectors.whatsapp.payload import InboundMessage, MessageKind, WebhookBatch
from store.errors import InvalidInput
from store.identities import IdentityKind
from store.ledger import Ledger
from store.models import Contact

logger = logging.getLogger(__name__)

CHANNEL = "whatsapp"
# Media with no caption still reaches the agent, as a marker it can answer ("[image]").
_MEDIA_KINDS = frozenset(
    {
        MessageKind.IMAGE,
        MessageKind.AUDIO,
        MessageKind.VIDEO,
        MessageKind.DOCUMENT,
        MessageKind.STICKER,
        MessageKind.LOCATION,
        MessageKind.CONTACTS,
        MessageKind.UNSUPPORTED,
    }
)


@dataclass(frozen=True)
class IngestResult:
    """What one webhook body changed: new inbound messages to answer, and counts."""

    new_message_ids: tuple[str, ...]
    duplicates: int
    receipts: int


def ingest(ledger: Ledger, batch: WebhookBatch) -> IngestResult:
    """Store the batch's messages (a redelivered one is skipped) and apply its receipts."""
    new_ids: list[str] = []
    duplicates = 0
    for message in batch.messages:
        contact = _contact_for(ledger, message)
        conversation = ledger.conversations.open(contact.id, CHANNEL)
        stored = ledger.inbox.receive(
            conversation,
            _body(message),
            message.message_id,
            content_kind=message.kind.value,
            meta=_meta(message),
        )
        if stored is None:
            duplicates += 1
        else:
            new_ids.append(stored.id)
    receipts = 0
    for status in batch.statuses:
        error = f"whatsapp_{status.error_codes[0]}" if status.error_codes else None
        receipts += ledger.outbox.receipt(status.message_id, status.status, error)
    return IngestResult(tuple(new_ids), duplicates, receipts)


def _identities(message: InboundMessage) -> list[tuple[IdentityKind, str]]:
    """The message's identifiers, the BSUID first: it is the key."""
    candidates = [
        (IdentityKind.BSUID, message.bsuid),
        (IdentityKind.WA_ID, message.wa_id),
        (IdentityKind.USERNAME, message.username),
    ]
    return [(kind, value) for kind, value in candidates if value]


def _contact_for(ledger: Ledger, message: InboundMessage) -> Contact:
    """The sender's contact: found by BSUID, else phone, else username; created on first
    contact. Identifiers seen for the first time are linked to it."""
    identities = _identities(message)
    contact: Contact | None = None
    for kind, value in identities:
        try:
            contact = ledger.contacts.find(kind, value)
        except InvalidInput:
            continue  # a malformed phone number: the BSUID still identifies the sender
        if contact is not None:
            break
    if contact is None:
        contact = ledger.contacts.create(message.profile_name)
    for kind, value in identities:
        try:
            ledger.contacts.add_identity(contact, kind, value)
        except InvalidInput:
            # Another contact already owns it (a number that changed hands), or it is not a
            # valid identifier; the message is still stored under the BSUID's contact.
            logger.warning("identity not linked", extra={"kind": kind.value})
    if message.profile_name and ledger.contacts.name(contact) != message.profile_name:
        ledger.contacts.set_name(contact, message.profile_name)
    return contact


def _body(message: InboundMessage) -> str:
    if message.text or message.kind not in _MEDIA_KINDS:
        return message.text
    return f"[{message.kind.value}]"


def _meta(message: InboundMessage) -> dict[str, object]:
    """Channel details kept (encrypted) beside the body."""
    meta: dict[str, object] = {"sent_at": message.sent_at.isoformat()}
    if message.media is not None:
        meta["media"] = {
            "id": message.media.id,
            "mime_type": message.media.mime_type,
            "sha256": message.media.sha256,
            "filename": message.media.filename,
        }
    if message.reacted_to:
        meta["reacted_to"] = message.reacted_to
    if message.context_id:
        meta["context_id"] = message.context_id
    return meta
