"""Storing a fetched Gmail message: mail a prospect wrote to the business becomes an inbound
message of the sender's Gmail conversation (encrypted, once per Gmail message id); anything
else (our own sent mail, auto-replies, bounces, lists, newsletters) is only marked as seen.

The sender's address and name are personal data like a phone number: the address is the
contact's blind-indexed identity, the name the contact's encrypted name. People in Cc are
contacts too (found by their address, created on first sight), so their data is encrypted,
findable for a rights request and known to the conversation's vault; the stored message names
them by contact id only. What the agent reads is the new text of the mail; the signature block
and the threading headers stay in the encrypted details beside it, and quoted history is not
kept at all (it repeats earlier messages).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connectors.gmail.automated import skip_reason
from connectors.gmail.mime import Address, ParsedMail
from connectors.gmail.resources import RawMessage
from store.errors import InvalidInput
from store.identities import IdentityKind
from store.ledger import Ledger
from store.models import Contact, Mailbox

logger = logging.getLogger(__name__)

CHANNEL = "gmail"
CONTENT_KIND = "email"
STORED = "stored"
DUPLICATE = "duplicate"
NO_SENDER = "no_sender"


@dataclass(frozen=True)
class StoredMail:
    """What became of one fetched message: the new inbound message's id, or why none."""

    outcome: str
    message_id: str | None = None


def store_mail(ledger: Ledger, mailbox: Mailbox, raw: RawMessage, mail: ParsedMail) -> StoredMail:
    """Store ``mail`` (fetched from ``mailbox`` as ``raw``) if a prospect wrote it to the
    business; mark it seen either way, so it is never fetched again."""
    result = _store(ledger, mailbox, raw, mail)
    ledger.mailboxes.mark_seen(mailbox.id, raw.id, result.outcome)
    return result


def _store(ledger: Ledger, mailbox: Mailbox, raw: RawMessage, mail: ParsedMail) -> StoredMail:
    own_address = ledger.mailboxes.address(mailbox)
    reason = skip_reason(mail, own_address, raw.label_ids)
    if reason is not None:
        return StoredMail(reason.value)
    sender = mail.sender
    if sender is None:
        return StoredMail(NO_SENDER)
    contact = _contact_for(ledger, sender)
    if contact is None:
        return StoredMail(NO_SENDER)
    others = _participants(ledger, mail, {own_address.casefold(), sender.address.casefold()})
    conversation = ledger.conversations.open(contact.id, CHANNEL)
    stored = ledger.inbox.receive(
        conversation,
        agent_text(mail),
        raw.id,
        content_kind=CONTENT_KIND,
        meta=_meta(mailbox, raw, mail, sender, others),
    )
    if stored is None:
        return StoredMail(DUPLICATE)
    return StoredMail(STORED, stored.id)


def _contact_for(ledger: Ledger, person: Address) -> Contact | None:
    """The contact with this address, created (with it) on first contact; None for an address
    no mail could come from."""
    try:
        contact = ledger.contacts.find(IdentityKind.EMAIL, person.address)
    except InvalidInput:
        return None
    if contact is None:
        contact = ledger.contacts.create(person.name or None)
        ledger.contacts.add_identity(contact, IdentityKind.EMAIL, person.address)
    elif person.name and ledger.contacts.name(contact) is None:
        ledger.contacts.set_name(contact, person.name)
    return contact


def _participants(ledger: Ledger, mail: ParsedMail, exclude: set[str]) -> list[str]:
    """Contact ids of the other people on the mail (Cc, and To besides the mailbox)."""
    ids: list[str] = []
    for person in (*mail.to, *mail.cc):
        if person.address.casefold() in exclude:
            continue
        contact = _contact_for(ledger, person)
        if contact is not None and contact.id not in ids:
            ids.append(contact.id)
    return ids


def agent_text(mail: ParsedMail) -> str:
    """What the agent reads: the subject of a new thread (it often states the need), then the
    new text; an attachment-only mail is a marker the agent can answer."""
    text = mail.text.strip()
    if not text and mail.attachments:
        text = "[attachment]"
    subject = mail.subject.strip()
    if subject and mail.in_reply_to is None:
        return f"{subject}\n\n{text}" if text else subject
    return text


def _meta(
    mailbox: Mailbox, raw: RawMessage, mail: ParsedMail, sender: Address, others: list[str]
) -> dict[str, object]:
    """What the reply needs to thread, and what else the mail held, kept encrypted."""
    reply_to = mail.reply_to[0].address if mail.reply_to else None
    return {
        "from": sender.address,
        "from_name": sender.name,
        "mailbox_id": mailbox.id,
        "gmail_id": raw.id,
        "thread_id": raw.thread_id,
        "message_id": mail.message_id,
        "references": list(mail.references),
        "subject": mail.subject,
        "reply_to": reply_to,
        "signature": mail.signature,
        "quoted_chars": mail.quoted_chars,
        "participants": others,
        "attachments": [
            {"filename": a.filename, "mime_type": a.mime_type, "size": a.size}
            for a in mail.attachments
        ],
        "sent_at": (mail.date or raw.internal_date).isoformat(),
    }
