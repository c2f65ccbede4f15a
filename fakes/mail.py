"""Mail as prospects' clients write it: RFC 822 bytes with the headers Gmail, Outlook and
mailing software really send, for the fake mailbox to deliver."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid


def prospect_mail(
    *,
    sender: tuple[str, str],
    to: str,
    subject: str,
    body: str,
    cc: Sequence[tuple[str, str]] = (),
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
    html: str | None = None,
    sent_at: datetime | None = None,
) -> tuple[bytes, str]:
    """A mail from ``sender`` (name, address) to ``to``; returns (raw bytes, its Message-ID)."""
    message = EmailMessage()
    message["From"] = formataddr(sender)
    message["To"] = to
    if cc:
        message["Cc"] = ", ".join(formataddr(person) for person in cc)
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at or datetime.now(UTC))
    message_id = make_msgid(domain=sender[1].rsplit("@", 1)[-1])
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = " ".join([*references, in_reply_to])
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message.as_bytes(), message_id


def quoted(text: str, author: str = "Tarang Sales <sales@tarang.example>") -> str:
    """``text`` quoted the way Gmail quotes the message being replied to."""
    lines = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
    return f"On Mon, 23 Nov 2026 at 10:02, {author} wrote:\n{lines}\n"
