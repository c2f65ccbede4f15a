"""HTML bodies to text: the quote and signature markup of each mail client, hidden content,
and markup lxml would refuse."""

from __future__ import annotations

import pytest

from connectors.gmail.html_text import HtmlText, html_to_text


@pytest.mark.parametrize(
    "quoted",
    [
        '<div class="gmail_quote"><div class="gmail_attr">On Mon Bob wrote:</div>'
        '<blockquote class="gmail_quote">QUOTED</blockquote></div>',
        '<blockquote type="cite"><div>QUOTED</div></blockquote>',  # Apple Mail
        '<div class="moz-cite-prefix">On 3/4/24 Bob wrote:</div><blockquote type="cite">QUOTED'
        "</blockquote>",  # Thunderbird
        '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Bob</div>'
        "<div>QUOTED</div><p>QUOTED too</p>",  # Outlook on the web
        '<div class="yahoo_quoted"><div>QUOTED</div></div>',
    ],
)
def test_marked_quotes_are_dropped(quoted: str) -> None:
    result = html_to_text(f"<html><body><div>Deal, send it.</div>{quoted}</body></html>")
    assert result.text.strip() == "Deal, send it."
    assert result.quoted_chars >= len("QUOTED")


def test_nested_quotes_are_counted_once() -> None:
    inner = '<blockquote type="cite">INNER</blockquote>'
    result = html_to_text(f'<p>New</p><blockquote type="cite">OUTER{inner}</blockquote>')
    assert result.quoted_chars == len("OUTER") + len("INNER")


def test_text_after_a_quote_is_kept() -> None:
    result = html_to_text('<div>Top</div><blockquote type="cite">Q</blockquote>tail text')
    assert "Top" in result.text and "tail text" in result.text and "Q" not in result.text


def test_signatures_are_taken_out() -> None:
    result = html_to_text(
        '<div>Deal.</div><div class="gmail_signature">Priya<br>+91 98765 43210</div>'
        '<div id="Signature">PAN ABCDE1234F</div>'
    )
    assert result.text.strip() == "Deal."
    assert result.signature == "Priya\n+91 98765 43210\nPAN ABCDE1234F"


def test_scripts_styles_head_and_hidden_are_not_text() -> None:
    result = html_to_text(
        "<html><head><title>T</title><style>.a{}</style></head><body>"
        "<script>alert(1)</script><p style='display:none'>hidden</p><p>Visible</p></body></html>"
    )
    assert result.text.strip() == "Visible"


def test_a_forward_without_a_note_keeps_everything() -> None:
    forwarded = '<div class="gmail_quote">---------- Forwarded message ---------<br>Body</div>'
    result = html_to_text(forwarded)
    assert "Body" in result.text and result.quoted_chars == 0


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("", ""),
        ("<!-- only a comment -->", ""),
        ('<?xml version="1.0" encoding="utf-8"?><p>xml</p>', "xml"),
        ("<p>nul\x00 and \x07bell</p>", "nul and bell"),
        ("plain words, no tags", "plain words, no tags"),
        ("<p>a</p>" + "<div>" * 2000 + "deep" + "</div>" * 2000, "a"),  # libxml2 stops at 255
    ],
)
def test_odd_markup_does_not_raise(html: str, text: str) -> None:
    assert html_to_text(html).text.strip() == text


def test_result_repr_hides_text() -> None:
    assert "secret" not in repr(HtmlText(text="secret", signature="secret", quoted_chars=1))
