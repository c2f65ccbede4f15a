"""Walk the MIME tree of a parsed message: the text parts to read, the attachments to record,
and text decoding that survives any charset label a mailer put on it.

The walk never descends into an attached ``message/*`` part (a forwarded message, a bounce's
delivery status): its text is someone else's, so it is an attachment, not the body. Nesting
deeper than ``MAX_DEPTH`` multiparts is not walked; no mail client nests half as deep.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message

from connectors.gmail.headers import clean

MAX_DEPTH = 32
"""Deepest multipart nesting walked."""

_PARSER_BUGS = (ValueError, IndexError, AttributeError, TypeError, LookupError)
_BODY_TYPES = frozenset({"text/plain", "text/html"})
_WESTERN = frozenset({"ascii", "iso8859_1", "cp1252", "iso8859_15"})
_NOT_TEXT = frozenset({"unicode_escape", "raw_unicode_escape", "undefined", "punycode", "idna"})
_SUPERSETS = {
    "iso8859_1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
"""Labels mailers use for what is really the superset (as browsers read them, WHATWG)."""
_HIGH_BYTES = bytes(range(0x80, 0x100))


@dataclass(frozen=True, slots=True)
class Attachment:
    """A part that is not the body: recorded (name, type, decoded size), never kept or opened."""

    filename: str | None = field(repr=False)
    mime_type: str
    size: int


def leaves(part: Message, depth: int = 0) -> Iterator[Message]:
    """The non-multipart parts in document order (an attached message counts as one part).

    ``get_payload()`` is read only for a multipart: on a text part it decodes with the declared
    charset and raises on a label such as "utf\\x00-8".
    """
    if part.get_content_maintype() == "multipart" and part.is_multipart():
        if depth < MAX_DEPTH:
            for subpart in part.get_payload():
                if isinstance(subpart, Message):
                    yield from leaves(subpart, depth + 1)
    else:
        yield part


def is_body_text(part: Message) -> bool:
    """Plain or HTML text meant to be read inline (not a .txt or .html file attached)."""
    return (
        part.get_content_type() in _BODY_TYPES
        and part.get_content_disposition() != "attachment"
        and _filename(part) is None
    )


def first_text(message: Message, mime_type: str) -> str | None:
    """The decoded text of the first inline part of ``mime_type``; None when there is none."""
    for part in leaves(message):
        if part.get_content_type() == mime_type and is_body_text(part):
            payload = part.get_payload(decode=True)
            return decode_text(payload, _charset(part)) if isinstance(payload, bytes) else ""
    return None


def attachments(message: Message) -> tuple[Attachment, ...]:
    """Every part that is not inline body text: files, inline images, forwarded messages,
    calendar invitations, delivery reports (a scanner's mail may be one top-level PDF). A
    multipart without a usable boundary is neither text nor a file, and is left out."""
    return tuple(
        Attachment(filename=_filename(part), mime_type=part.get_content_type(), size=_size(part))
        for part in leaves(message)
        if not is_body_text(part) and part.get_content_maintype() != "multipart"
    )


def decode_text(data: bytes, charset: str | None) -> str:
    """Text of a part in whatever charset it really is: valid UTF-8 wins over a Western label
    (mailers mislabel UTF-8 as ISO-8859-1, and real Latin-1 text is never valid UTF-8), then
    the declared charset, then UTF-8; mostly-UTF-8 bytes keep U+FFFD for the few bad ones,
    anything else is Windows-1252 or, failing that, Latin-1, which decodes every byte."""
    declared = _codec(charset)
    candidates = ["utf_8", declared] if declared in _WESTERN or declared is None else [declared]
    for candidate in [*candidates, "utf_8"]:
        if candidate is None:
            continue
        try:
            return clean(data.decode(candidate))
        except (UnicodeError, LookupError):
            continue
    as_utf8 = data.decode("utf-8", "replace")
    invalid = as_utf8.count("\ufffd")
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    if invalid * 20 < non_ascii:
        return clean(as_utf8)
    try:
        return clean(data.decode("cp1252"))
    except UnicodeError:
        return clean(data.decode("latin-1"))


def _codec(charset: str | None) -> str | None:
    """Python's name of a charset label; None when unknown or not a text encoding."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip().strip('"')).name.replace("-", "_")
        b"x".decode(name, "ignore")  # LookupError for bytes-to-bytes codecs (base64, rot13)
    except (LookupError, ValueError):
        return None
    return None if name in _NOT_TEXT else _SUPERSETS.get(name, name)


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except _PARSER_BUGS:
        return None


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except _PARSER_BUGS:
        return None
    return (clean(str(name)).strip() or None) if name is not None else None


def _size(part: Message) -> int:
    """Decoded size in bytes; for an attached message, the size of the message as sent on."""
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return len(payload)
    inner = part.get_payload()
    if not isinstance(inner, list):
        return len(str(inner).encode("utf-8", "replace"))
    try:
        return sum(len(item.as_bytes()) for item in inner if isinstance(item, Message))
    except (*_PARSER_BUGS, UnicodeError, RecursionError):
        return 0  # the standard library cannot flatten it again; the size stays unknown
