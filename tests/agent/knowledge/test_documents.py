"""Reading Markdown, text and PDF files, and the reasons given for files that cannot be read."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from agent.knowledge import DocumentUnreadable, read_chunks
from tests.agent.knowledge.pdf import make_pdf


def test_markdown_text_and_pdf() -> None:
    md = read_chunks(".md", "\ufeff# Plans\n\nGrowth costs ₹1,199.\n".encode())
    assert [(c.heading, c.text) for c in md] == [("Plans", "Growth costs ₹1,199.")]
    txt = read_chunks(".TXT", b"# not a heading in text\n\nSecond.")
    assert [c.heading for c in txt] == [""]
    pdf = read_chunks(".pdf", make_pdf([["Uptime is 99.9%."], ["Support (24x7) by e-mail."]]))
    assert [(c.heading, c.text) for c in pdf] == [
        ("page 1", "Uptime is 99.9%."),
        ("page 2", "Support (24x7) by e-mail."),
    ]


@pytest.mark.parametrize(
    ("suffix", "data", "reason"),
    [
        (".pdf", b"%PDF-1.4\nthis is not really a PDF", "not a readable PDF"),
        (".pdf", b"", "not a readable PDF"),
        (".pdf", make_pdf([[""]]), "no extractable text"),
        (".txt", "Preis: 5 €".encode("cp1252"), "not UTF-8"),
        (".md", b"\n\n", "no text"),
    ],
)
def test_unreadable_files_say_why(suffix: str, data: bytes, reason: str) -> None:
    with pytest.raises(DocumentUnreadable, match=reason):
        read_chunks(suffix, data)


def test_encrypted_pdf() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["secret"]]))))
    writer.encrypt("password", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentUnreadable, match="encrypted"):
        read_chunks(".pdf", buffer.getvalue())
