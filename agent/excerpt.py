"""A short plain-text excerpt of a knowledge-base passage, fit to send in a chat message.

Knowledge-base passages are Markdown; a WhatsApp message shows asterisks, link brackets and table
pipes literally, so they are removed, keeping the words. Headings are dropped from the excerpt
because the reply names the passage's heading on its own.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

_FENCED_CODE = re.compile(r"^\s*(```|~~~).*?^\s*\1[^\n]*$", re.MULTILINE | re.DOTALL)
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)
# A horizontal rule ("---", "* * *") or a table's header separator ("|---|:--:|").
_RULE_LINE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^[\s|:-]*-{3,}[\s|:-]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|`)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_HEADING_MARKS = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_SPACES = re.compile(r"\s+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?।])\s+(?=[\"'(\[]?[A-Z0-9₹$€£\u0900-\u097F])")
_END_PUNCTUATION = (".", "!", "?", ":", ";", "।")


def inline_text(markdown: str) -> str:
    """One line of Markdown (a heading, a sentence) as plain words."""
    text = _IMAGE.sub(r"\1", markdown)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    previous = None
    while previous != text:  # nested emphasis: "**_both_**"
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
        text = _UNDERSCORE_EMPHASIS.sub(r"\1", text)
    text = _HEADING_MARKS.sub("", text).replace("|", " ")
    return _SPACES.sub(" ", text).strip()


def plain_text(markdown: str) -> str:
    """A Markdown passage as one paragraph of plain text, without its headings and code blocks.

    A list item that ends without punctuation gets a full stop, so items read as sentences
    instead of running together.
    """
    body = _HEADING_LINE.sub("", _FENCED_CODE.sub("", markdown))
    parts: list[str] = []
    for raw in body.splitlines():
        if _RULE_LINE.match(raw):
            continue
        is_item = _LIST_ITEM.match(raw) is not None
        line = inline_text(_LIST_ITEM.sub("", _QUOTE.sub("", raw)))
        if not line:
            continue
        if is_item and not line.endswith(_END_PUNCTUATION):
            line += "."
        parts.append(line)
    return " ".join(parts)


def excerpt(markdown: str, max_chars: int, max_sentences: int) -> str:
    """The first sentences of a passage, at most ``max_sentences`` and ``max_chars`` characters.

    The first sentence is always given; when it alone is too long it is cut at a word boundary and
    ends with an ellipsis.
    """
    chosen: list[str] = []
    for sentence in _SENTENCE_BREAK.split(plain_text(markdown))[:max_sentences]:
        if chosen and len(" ".join([*chosen, sentence])) > max_chars:
            break
        chosen.append(sentence)
    text = " ".join(chosen)
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - len(ELLIPSIS) + 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + ELLIPSIS
