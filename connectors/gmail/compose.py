"""Build the mail Aspinix sends: a reply threaded under the prospect's mail, or a new mail.

A reply goes to the original's Reply-To, else its From; its subject gets one "Re: " (never
"Re: Re: ", and not on top of a localised "AW:", "SV:", ...); In-Reply-To names the original
and References carries its chain (the first id and the last ``MAX_REFERENCES - 1``, the
usual trimming that keeps the thread root and the recent parents). Gmail threads a sent
message by these fields and the subject, together with the ``threadId`` of the send request.

Marketing follow-ups carry RFC 8058 one-click unsubscribe: ``List-Unsubscribe`` with an
https URL (and optionally a mailto:) and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``,
which Gmail requires of bulk senders. The standard library folds a long header by turning
any token longer than a line into RFC 2047 encoded words, which would break message ids and
URLs, so those fields are folded at spaces only. Text from outside (the original subject,
the display name) has its line breaks and control characters turned into spaces, so nothing
can start a header of its own.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.errors import MessageError
from email.headerregistry import Address as HeaderAddress
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from connectors.gmail.errors import InvalidSenderAddress, InvalidUnsubscribeLink, NoRecipient
from connectors.gmail.headers import Address
from connectors.gmail.mime import ParsedMail

MAX_REFERENCES = 20
"""Most message ids written into References."""
MAX_URL_CHARS = 900
"""Longest unsubscribe URL accepted: a header line holds 998 characters."""

_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|aw|sv|vs|antw|odp|res|r|rif|ynt|atb|vá|απ|回复|回覆|答复)"
    r"(?:\s*\[\d+\]|\s*\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MSG_ID = re.compile(r"<[!-;=?-~]+>")  # printable ASCII, no spaces or inner angle brackets
_URI = re.compile(r"[!#-+\--;=?-~]+")  # printable ASCII without space, '"', ',', '<', '>'
_VERBATIM_FIELDS = ("in-reply-to", "references", "list-unsubscribe", "list-unsubscribe-post")


class _VerbatimHeader(UnstructuredHeader, BaseHeader):
    """An ASCII field that must arrive as written: folded at spaces, never encoded."""

    def fold(self, *, policy: Policy) -> str:
        limit, lines = policy.max_line_length or 998, [f"{self.name}:"]
        for word in str(self).split():
            if len(lines[-1]) + 1 + len(word) > limit and lines[-1] != f"{self.name}:":
                lines.append("")
            lines[-1] += f" {word}"
        return policy.linesep.join(lines) + policy.linesep


def _policy() -> Policy:
    registry = HeaderRegistry()
    for name in _VERBATIM_FIELDS:
        registry.map_to_type(name, _VerbatimHeader)
    # 7-bit clean (quoted-printable or base64 bodies): safe through any relay, not only Gmail's
    return SMTP.clone(header_factory=registry, cte_type="7bit")


_POLICY = _policy()


def compose_reply(
    original: ParsedMail,
    *,
    from_address: str,
    from_name: str | None,
    body: str,
    unsubscribe_url: str | None = None,
    unsubscribe_mailto: str | None = None,
    now: datetime | None = None,
) -> EmailMessage:
    """The reply to ``original``, text/plain UTF-8; raise ``NoRecipient`` when it has no usable
    Reply-To or From, ``InvalidSenderAddress`` or ``InvalidUnsubscribeLink`` for bad input."""
    recipients = original.reply_to or ((original.sender,) if original.sender else ())
    parent = _msg_id(original.message_id)
    chain = [ref for ref in map(_msg_id, original.references) if ref and ref != parent]
    references = [*chain, parent] if parent else chain
    if len(references) > MAX_REFERENCES:
        references = [references[0], *references[-(MAX_REFERENCES - 1) :]]
    message = _message(from_address, from_name, recipients, reply_subject(original.subject), now)
    if parent:
        message["In-Reply-To"] = parent
    if references:
        message["References"] = " ".join(references)
    _add_unsubscribe(message, unsubscribe_url, unsubscribe_mailto)
    message.set_content(body, subtype="plain", charset="utf-8")
    return message


def reply_subject(subject: str) -> str:
    """The subject of a reply: ``subject`` behind "Re: ", unless it already starts with a
    reply prefix in any language."""
    subject = _one_line(subject)
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}".rstrip()


def to_gmail_raw(message: EmailMessage) -> str:
    """The ``raw`` field of ``users.messages.send``: the message's bytes, base64url-encoded
    with padding (Gmail accepts it with or without)."""
    return base64.urlsafe_b64encode(message.as_bytes(policy=_POLICY)).decode("ascii")


def _message(
    from_address: str,
    from_name: str | None,
    recipients: Sequence[Address],
    subject: str,
    now: datetime | None,
) -> EmailMessage:
    sender = _sender(from_address, from_name)
    to = [address for address in map(_header_address, recipients) if address is not None]
    if not to:
        raise NoRecipient()
    when = now or datetime.now(UTC)
    message = EmailMessage(policy=_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when if when.tzinfo else when.replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain=sender.domain)
    return message


def _sender(from_address: str, from_name: str | None) -> HeaderAddress:
    if not _URI.fullmatch(from_address) or from_address.count("@") != 1:
        raise InvalidSenderAddress()
    try:
        sender = HeaderAddress(display_name=_one_line(from_name or ""), addr_spec=from_address)
    except (ValueError, IndexError, MessageError):
        raise InvalidSenderAddress() from None
    if not sender.username or not sender.domain:
        raise InvalidSenderAddress()
    return sender


def _header_address(address: Address) -> HeaderAddress | None:
    """A recipient for the To field; None when the parsed address is not valid to send to."""
    if not _URI.fullmatch(address.address):
        return None
    try:
        return HeaderAddress(display_name=_one_line(address.name), addr_spec=address.address)
    except (ValueError, IndexError, MessageError):
        return None


def _add_unsubscribe(message: EmailMessage, url: str | None, mailto: str | None) -> None:
    targets: list[str] = []
    if url is not None:
        if urlsplit(url).scheme.lower() != "https":
            raise InvalidUnsubscribeLink("the URL is not https")
        if not _URI.fullmatch(url) or not urlsplit(url).hostname:
            raise InvalidUnsubscribeLink("the URL has no host or has characters not allowed")
        if len(url) > MAX_URL_CHARS:
            raise InvalidUnsubscribeLink(f"the URL is longer than {MAX_URL_CHARS} characters")
        targets.append(f"<{url}>")
    if mailto is not None:
        address = mailto[len("mailto:") :].partition("?")[0]
        if not mailto.lower().startswith("mailto:") or not _URI.fullmatch(mailto):
            raise InvalidUnsubscribeLink("the mailto target is not a mailto: URI")
        if address.count("@") != 1 or len(mailto) > MAX_URL_CHARS:
            raise InvalidUnsubscribeLink("the mailto target has no single address")
        targets.append(f"<{mailto}>")
    if targets:
        message["List-Unsubscribe"] = ", ".join(targets)
    if url is not None:
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def _msg_id(value: str | None) -> str | None:
    """A message id fit to write: ``<...>`` of printable ASCII (brackets added when missing)."""
    if not value:
        return None
    value = value if value.startswith("<") else f"<{value}>"
    return value if _MSG_ID.fullmatch(value) else None


def _one_line(text: str) -> str:
    """Line breaks and control characters become spaces: no text can start a header."""
    return " ".join(_CONTROL.sub(" ", text).split())
