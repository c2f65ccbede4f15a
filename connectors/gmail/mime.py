"""Parse a raw RFC 822 message, as ``users.messages.get?format=raw`` returns it once
base64url-decoded, into what Aspinix keeps of it.

The agent gets ``ParsedMail.text``: only what the sender newly wrote, without quoted history
or signature (``reply_text``), from the text/plain part, or from the HTML one when there is no
usable plain text (``html_text``). The signature is kept apart for the store to encrypt; the
automated-mail classifier (``automated``) reads ``automation``; attachments are recorded by
name, type and size, never kept. No input raises anything but ``MalformedMail`` (not a mail
at all) or ``MailTooLarge``: headers a sender got wrong are skipped, charsets they mislabelled
are guessed (``parts.decode_text``).

Personal data (addresses, names, subject, text, ids) is left out of every ``repr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesParser

from connectors.gmail.errors import MailTooLarge, MalformedMail
from connectors.gmail.headers import (
    Address,
    address_header,
    date_header,
    message_ids,
    raw_header,
    text_header,
)
from connectors.gmail.html_text import html_to_text
from connectors.gmail.parts import Attachment, attachments, first_text
from connectors.gmail.reply_text import split_reply

__all__ = [
    "MAX_BYTES",
    "MAX_HTML_CHARS",
    "Address",
    "Attachment",
    "AutomationHeaders",
    "ParsedMail",
    "parse_message",
]

MAX_BYTES = 10 * 1024 * 1024
"""Largest raw message parsed by default: far above any text mail, far below Gmail's 25 MB."""
MAX_HTML_CHARS = 1_000_000
"""Longest HTML converted (about a third of a second): the new text is at the top, so what a
cut loses is old history or the tail of a newsletter."""

_MAIL_FIELDS = frozenset(
    {"from", "sender", "to", "cc", "subject", "date", "message-id", "received", "mime-version"}
)
_PARSER_BUGS = (ValueError, IndexError, AttributeError, TypeError, LookupError)
_RAW_HINT = "pass the base64url-decoded 'raw' field of users.messages.get with format=raw"


@dataclass(frozen=True, slots=True)
class AutomationHeaders:
    """The raw values of the header fields that tell automated mail from a person's.

    ``content_type`` and ``report_type`` are those of the top-level part (a bounce is
    ``multipart/report`` with ``report-type=delivery-status``); ``return_path`` is the topmost
    Return-Path, the envelope sender Gmail recorded ("<>" for bounces and auto-replies).
    """

    auto_submitted: str | None = None
    precedence: str | None = None
    x_autoreply: str | None = None
    x_autorespond: str | None = None
    list_id: str | None = field(default=None, repr=False)
    list_post: str | None = field(default=None, repr=False)
    list_unsubscribe: str | None = field(default=None, repr=False)
    mailing_list: str | None = field(default=None, repr=False)
    return_path: str | None = field(default=None, repr=False)
    content_type: str = "text/plain"
    report_type: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedMail:
    """One message as Aspinix uses it; see the module docstring for what each part is for.

    ``message_id`` is the Message-ID as written (angle brackets kept, whitespace removed);
    ``in_reply_to`` the first id of In-Reply-To; ``references`` the ids of References in order.
    ``quoted_chars`` counts the characters of quoted history dropped from ``text``.
    """

    message_id: str | None = field(repr=False)
    in_reply_to: str | None = field(repr=False)
    references: tuple[str, ...] = field(repr=False)
    subject: str = field(repr=False)
    date: datetime | None
    sender: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    text: str = field(repr=False)
    signature: str | None = field(repr=False)
    quoted_chars: int
    attachments: tuple[Attachment, ...]
    automation: AutomationHeaders


def parse_message(raw: bytes, max_bytes: int = MAX_BYTES) -> ParsedMail:
    """Parse a raw message; raise ``MailTooLarge`` above ``max_bytes`` and ``MalformedMail``
    for bytes that are not a mail (empty, or no message header field)."""
    if len(raw) > max_bytes:
        raise MailTooLarge(len(raw), max_bytes)
    if not raw.strip():
        raise MalformedMail(f"the input is empty; {_RAW_HINT}")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except RecursionError:
        raise MalformedMail(
            "its MIME parts are nested too deeply to parse; no mail client writes this, so "
            "leave the message unread"
        ) from None
    if not any(name.lower() in _MAIL_FIELDS for name, _ in message.raw_items()):
        raise MalformedMail(f"it has no message header field (From, Date, ...); {_RAW_HINT}")
    text, signature, quoted_chars = _body(message)
    senders = address_header(message, "From")
    in_reply_to = message_ids(message, "In-Reply-To")
    message_id = raw_header(message, "Message-ID")
    return ParsedMail(
        message_id=("".join(message_id.split()) or None) if message_id else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=message_ids(message, "References"),
        subject=text_header(message, "Subject") or "",
        date=date_header(message),
        sender=senders[0] if senders else None,
        reply_to=address_header(message, "Reply-To"),
        to=address_header(message, "To"),
        cc=address_header(message, "Cc"),
        text=text,
        signature=signature,
        quoted_chars=quoted_chars,
        attachments=attachments(message),
        automation=_automation(message),
    )


def _body(message: Message) -> tuple[str, str | None, int]:
    """The new text, the signature and the quoted characters dropped, from the plain-text
    part when it has any text, else from the HTML part."""
    plain = first_text(message, "text/plain")
    if plain is not None and plain.strip():
        reply = split_reply(plain)
        return reply.text, reply.signature, reply.quoted_chars
    html = first_text(message, "text/html")
    if html is None or not html.strip():
        return "", None, 0
    converted = html_to_text(html[:MAX_HTML_CHARS])
    reply = split_reply(converted.text)
    signatures = [s for s in (reply.signature, converted.signature) if s]
    return reply.text, "\n".join(signatures) or None, reply.quoted_chars + converted.quoted_chars


def _automation(message: Message) -> AutomationHeaders:
    return AutomationHeaders(
        auto_submitted=raw_header(message, "Auto-Submitted"),
        precedence=raw_header(message, "Precedence"),
        x_autoreply=raw_header(message, "X-Autoreply"),
        x_autorespond=raw_header(message, "X-Autorespond"),
        list_id=raw_header(message, "List-Id"),
        list_post=raw_header(message, "List-Post"),
        list_unsubscribe=raw_header(message, "List-Unsubscribe"),
        mailing_list=raw_header(message, "Mailing-List"),
        return_path=raw_header(message, "Return-Path"),
        content_type=message.get_content_type(),
        report_type=_report_type(message),
    )


def _report_type(message: Message) -> str | None:
    try:
        value = message.get_param("report-type")
    except _PARSER_BUGS:
        return None
    return (value.strip().lower() or None) if isinstance(value, str) else None
