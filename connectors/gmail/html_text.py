"""Turn an HTML body into plain text, without the quoted history and signature mail clients
mark in the markup.

Used only when a message has no usable text/plain part. Mail clients wrap what they quote in
elements they recognise again (Gmail ``class="gmail_quote"``, Apple Mail and Thunderbird
``<blockquote type="cite">``, Outlook on the web ``id="divRplyFwdMsg"`` and everything after
it, Yahoo ``class="yahoo_quoted"``); these are dropped from the tree before conversion, which
is far more reliable than finding the history again in the text. Gmail's and Outlook's marked
signatures (``class="gmail_signature"``, ``id="Signature"``) are taken out the same way. The
text left still goes through ``reply_text.split_reply``, which knows Outlook desktop's
"From: ... Sent: ..." blocks that carry no marker.

inscriptis renders the tree (scripts, styles, the head and ``display:none`` are not text). It
runs with the strict CSS profile, whose ``div`` and ``span`` add no indentation or padding
spaces, and with a private copy of the profile: inscriptis attaches each conversion's canvas
to the profile's ``body`` element, so a shared profile is not safe across threads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_engine import Inscriptis
from inscriptis.model.config import ParserConfig
from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring


def _class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_QUOTES = (
    f"//*[{_class('gmail_quote')}] | //blockquote[@type='cite'] | //*[{_class('moz-cite-prefix')}]"
    f" | //*[{_class('yahoo_quoted')}]"
)
_QUOTE_AND_REST = (  # Outlook: the quoted message is the marker and everything after it
    "//*[@id='appendonsend'] | //*[@id='divRplyFwdMsg']"
    " | //*[@id='mail-editor-reference-message-container']"
)
_SIGNATURES = f"//*[{_class('gmail_signature')}] | //*[@id='Signature']"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The text of an HTML body without marked quotes, its marked signature, and how many
    characters of quoted history were dropped."""

    text: str = field(repr=False)
    signature: str | None = field(repr=False)
    quoted_chars: int


def html_to_text(html: str) -> HtmlText:
    """Plain text of an HTML body, with quoted history and marked signatures removed."""
    tree = _parse(html)
    if tree is None:
        return HtmlText(text="", signature=None, quoted_chars=0)
    quoted = sum(_text_length(node) for node in _detach(_quote_nodes(tree)))
    signatures = [_render(node) for node in _detach(tree.xpath(_SIGNATURES))]
    signature = "\n".join(text for text in signatures if text) or None
    text = _render(tree)
    if not text.strip() and quoted:  # everything was quoted (a forward without a note)
        return _unpruned(html)
    return HtmlText(text=text, signature=signature, quoted_chars=quoted)


def _unpruned(html: str) -> HtmlText:
    """Plain text of the whole HTML body, quotes included."""
    tree = _parse(html)
    return HtmlText(text=_render(tree) if tree is not None else "", signature=None, quoted_chars=0)


def _parse(html: str) -> HtmlElement | None:
    """The document tree; None when there is no markup at all. lxml refuses NULs, most control
    characters and an XML declaration naming an encoding in a str, so those go first; libxml2
    stops descending at 255 levels, which bounds the recursion of inscriptis."""
    html = _XML_DECLARATION.sub("", _NOT_XML_CHARS.sub("", html), count=1).strip()
    if not html:
        return None
    try:
        return document_fromstring(html)
    except (ParserError, ValueError):  # no element at all: a comment or a lone doctype
        text = _TAGS.sub(" ", html).strip()
        return document_fromstring(f"<pre>{escape(text)}</pre>") if text else None


def _quote_nodes(tree: HtmlElement) -> list[HtmlElement]:
    nodes: list[HtmlElement] = list(tree.xpath(_QUOTES))
    for marker in tree.xpath(_QUOTE_AND_REST):
        nodes.append(marker)
        nodes.extend(marker.itersiblings())
    return nodes


def _detach(nodes: list[HtmlElement]) -> list[HtmlElement]:
    """Take the outermost of ``nodes`` out of the tree (their tail text stays) and return them."""
    taken: list[HtmlElement] = []
    chosen = set(nodes)
    for node in nodes:
        if node.getparent() is None or any(a in chosen for a in node.iterancestors()):
            continue
        node.drop_tree()
        taken.append(node)
    return taken


def _render(tree: HtmlElement) -> str:
    css = dict(CSS_PROFILES["strict"])
    css["body"] = css["body"].__copy__()
    text: str = Inscriptis(tree, ParserConfig(css=css)).get_text()
    return text


def _text_length(node: HtmlElement) -> int:
    return sum(len(text.strip()) for text in node.itertext())
