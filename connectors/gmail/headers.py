"""Read header fields of a parsed message without ever raising, whatever the sender wrote.

``email.policy.default`` parses a structured header the first time it is read, and its parser
still raises on some malformed input (CPython 3.11: ``IndexError`` on a Message-ID ending in
"@", ``AttributeError`` on a group inside From, ``ValueError`` on an encoded CR/LF in a display
name). A header that cannot be parsed is read again from its raw source
(``Message.raw_items``) with the tolerant legacy helpers, and what still cannot be parsed is
skipped. Every string returned is safe to store: undecodable bytes become U+FFFD (raw UTF-8
headers, RFC 6532, are decoded as UTF-8), NULs and line breaks are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import MessageError
from email.header import decode_header, make_header
from email.headerregistry import AddressHeader
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

_PARSER_BUGS = (ValueError, IndexError, AttributeError, TypeError, LookupError)
"""What ``email``'s header and date parsers are known to raise on malformed input."""

_FOLD = re.compile(r"\r?\n(?=[ \t])|[\r\n]")
_MSG_ID = re.compile(r"<[^<>\s]+>")
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")  # not a surrogate-escaped byte


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox of an address header: display name ("" when none) and ``local@domain``."""

    name: str = field(repr=False)
    address: str = field(repr=False)


def raw_header(msg: Message, name: str) -> str | None:
    """The first ``name`` field as the sender wrote it (unfolded, cleaned); None if absent.

    The first one is the topmost: for trace fields such as Return-Path, the one Gmail added.
    """
    values = _raw_values(msg, name)
    return clean(_FOLD.sub("", values[0])).strip() if values else None


def text_header(msg: Message, name: str) -> str | None:
    """An unstructured field (Subject) with RFC 2047 encoded words decoded; None if absent."""
    values = _raw_values(msg, name)
    if not values:
        return None
    try:
        value = str(msg.policy.header_fetch_parse(name, values[0]))
    except _PARSER_BUGS:
        value = _decode_words(_FOLD.sub("", values[0]))
    return _single_line(clean(value))


def address_header(msg: Message, name: str) -> tuple[Address, ...]:
    """Every mailbox of every ``name`` field, in order; groups are flattened and what cannot be
    parsed as ``local@domain`` is skipped."""
    found: list[Address] = []
    for raw in _raw_values(msg, name):
        for display_name, addr_spec in _mailboxes(msg, name, raw):
            address = _single_line(clean(addr_spec))
            local, at, domain = address.rpartition("@")
            if at and local and domain and " " not in address and "<" not in address:
                found.append(Address(name=_single_line(clean(display_name)), address=address))
    return tuple(found)


def message_ids(msg: Message, name: str) -> tuple[str, ...]:
    """The ``<id>`` tokens of In-Reply-To or References, in order (bare words when a broken
    mailer left out the angle brackets)."""
    raw = raw_header(msg, name)
    if not raw:
        return ()
    return tuple(_MSG_ID.findall(raw)) or tuple(raw.split())


def date_header(msg: Message) -> datetime | None:
    """The Date field as an aware datetime (UTC when it says ``-0000``); None when absent or
    unparseable."""
    raw = raw_header(msg, "Date")
    if not raw:
        return None
    try:
        parsed = parsedate_to_datetime(raw)
    except (*_PARSER_BUGS, OverflowError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def clean(value: str) -> str:
    """Make a string from the parser safe to store and encode: surrogate-escaped bytes decoded
    as UTF-8 (U+FFFD where they are not UTF-8), other lone surrogates replaced, NULs dropped."""
    if _SURROGATE.search(value):
        value = _LONE_SURROGATE.sub("\ufffd", value)
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value.replace("\x00", "")


def _raw_values(msg: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [str(value) for key, value in msg.raw_items() if key.lower() == wanted]


def _mailboxes(msg: Message, name: str, raw: str) -> list[tuple[str, str]]:
    """(display name, addr-spec) pairs of one field: the policy's parser first, which decodes
    RFC 2047 names and understands groups, then the legacy one on the raw text."""
    try:
        header = msg.policy.header_fetch_parse(name, raw)
        if isinstance(header, AddressHeader):
            return [(str(a.display_name), str(a.addr_spec)) for a in header.addresses]
    except _PARSER_BUGS:
        pass
    return [(_decode_words(n), a) for n, a in getaddresses([_FOLD.sub("", raw)])]


def _single_line(value: str) -> str:
    return _SPACES.sub(" ", value).strip() if "\n" in value or "\r" in value else value.strip()


def _decode_words(raw: str) -> str:
    """RFC 2047 decoding for the fallback paths; the raw text when even that fails."""
    try:
        return _single_line(clean(str(make_header(decode_header(raw)))))
    except (*_PARSER_BUGS, UnicodeError, MessageError):
        return _single_line(clean(raw))
