"""Decoding part text whatever its charset label says, and what counts as body or attachment."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from connectors.gmail.parts import Attachment, attachments, decode_text, first_text
from tests.connectors.gmail import samples

TEXT = "Réunion à Zürich – “okay”"


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8", TEXT),
        (TEXT.encode("utf-8"), "iso-8859-1", TEXT),  # mislabelled UTF-8
        (TEXT.encode("utf-8"), None, TEXT),
        (TEXT.encode("cp1252"), "utf-8", TEXT),  # mislabelled Windows-1252
        (TEXT.encode("cp1252"), "iso-8859-1", TEXT),  # Latin-1 label, Windows-1252 quotes
        (TEXT.encode("cp1252"), "no-such-charset", TEXT),
        ("नमस्ते".encode("utf-16"), "utf-16", "नमस्ते"),
        ("価格は".encode("shift_jis"), "shift_jis", "価格は"),
        ("价格".encode("gb18030"), "gb2312", "价格"),  # GB2312 label, GB18030 bytes
        (b"\x81\x8d\x8f\x90\x9d", "us-ascii", "\x81\x8d\x8f\x90\x9d"),  # not even cp1252
        (b"caf\xc3\xa9 " * 50 + b"\xff", "utf-8", "café " * 50 + "\ufffd"),  # one bad byte
        (b"\\ud800 x", "unicode_escape", "\\ud800 x"),  # not a mail charset
        (b"abc", "base64", "abc"),
        (b"nul\x00byte", "utf-8", "nulbyte"),
    ],
)  # fmt: skip
def test_decode_text(data: bytes, charset: str | None, expected: str) -> None:
    result = decode_text(data, charset)
    assert result == expected
    result.encode("utf-8")


def test_first_text_and_attachments_skip_attached_messages() -> None:
    message = BytesParser(policy=policy.default).parsebytes(samples.with_attachments())
    assert first_text(message, "text/plain") == "Signed form attached, see the screenshot too.\r\n"
    assert first_text(message, "text/calendar") is None
    kinds = [attachment.mime_type for attachment in attachments(message)]
    assert kinds == ["image/png", "application/pdf", "message/rfc822"]


def test_a_single_part_file_is_an_attachment() -> None:
    raw = samples.crlf(
        "From: scanner@example.in\nContent-Type: application/pdf\n"
        "Content-Disposition: attachment; filename=scan.pdf\nContent-Transfer-Encoding: base64\n"
        "\nJVBERi0xLjQK\n"
    )
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert first_text(message, "text/plain") is None
    assert attachments(message) == (
        Attachment(filename="scan.pdf", mime_type="application/pdf", size=9),
    )


def test_a_multipart_without_boundary_is_no_attachment() -> None:
    message = BytesParser(policy=policy.default).parsebytes(
        samples.crlf("From: a@b.c\nContent-Type: multipart/mixed\n\nlost text\n")
    )
    assert attachments(message) == ()


def test_inline_parts_that_are_not_body_text_are_attachments() -> None:
    raw = samples.crlf(
        'From: a@b.c\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n'
        "Content-Type: text/plain\n\nBody\n--b\nContent-Type: text/calendar; method=REQUEST\n\n"
        "BEGIN:VCALENDAR\n--b\nContent-Type: text/html; name=page.html\n\n<p>file</p>\n--b--\n"
    )
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert attachments(message) == (
        Attachment(filename=None, mime_type="text/calendar", size=15),
        Attachment(filename="page.html", mime_type="text/html", size=11),
    )
