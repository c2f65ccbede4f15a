"""Reading header fields from hostile input: fallbacks, cleaning, and the topmost trace field."""

from __future__ import annotations

from email import policy
from email.message import Message
from email.parser import BytesParser

from connectors.gmail.headers import (
    Address,
    address_header,
    clean,
    message_ids,
    raw_header,
    text_header,
)
from tests.connectors.gmail import samples


def parsed(headers: str) -> Message:
    return BytesParser(policy=policy.default).parsebytes(samples.crlf(headers + "\n\nbody\n"))


def test_clean_makes_strings_storable() -> None:
    escaped = b"Z\xc3\xbcrich \xff".decode("ascii", "surrogateescape")
    assert clean(escaped) == "Zürich \ufffd"
    assert clean("lone \ud800 surrogate\x00") == "lone \ufffd surrogate"
    assert clean("plain") == "plain"


def test_raw_header_is_the_topmost_and_unfolded() -> None:
    message = parsed("Return-Path: <>\nReturn-Path: <forged@x.y>\nX-Long: a\n b\n\tc")
    assert raw_header(message, "return-path") == "<>"
    assert raw_header(message, "X-Long") == "a b\tc"
    assert raw_header(message, "X-Missing") is None


def test_address_fallback_keeps_what_parses() -> None:
    # the policy's parser raises ValueError on an encoded CR/LF in a display name; the legacy
    # parser on the raw field still finds both mailboxes
    message = parsed("To: =?utf-8?q?Ren=C3=A9=0D=0ABcc=3A_x?= <rene@example.fr>, bad@@, d@e.f")
    assert address_header(message, "To") == (
        Address(name="René Bcc: x", address="rene@example.fr"),
        Address(name="", address="d@e.f"),
    )


def test_groups_and_empty_addresses_are_skipped_or_flattened() -> None:
    message = parsed("To: a@b.c, x: y@, ;, <>, =?utf-8?q?Ren=C3=A9?= <rene@example.fr>")
    assert address_header(message, "To") == (
        Address(name="", address="a@b.c"),
        Address(name="René", address="rene@example.fr"),
    )


def test_text_header_decodes_and_single_lines() -> None:
    message = parsed("Subject: =?utf-8?q?line=0D=0ABcc=3A_evil=40x=2Ey?= and\n more")
    assert text_header(message, "Subject") == "line Bcc: evil@x.y and more"


def test_message_ids() -> None:
    message = parsed("References: <a@b> junk <c@d>\nIn-Reply-To: bare@id")
    assert message_ids(message, "References") == ("<a@b>", "<c@d>")
    assert message_ids(message, "In-Reply-To") == ("bare@id",)
    assert message_ids(message, "Missing") == ()
