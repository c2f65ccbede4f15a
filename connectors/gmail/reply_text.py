"""Keep only what the sender newly wrote: cut the quoted history and the signature off a body.

The agent must see the new message, not the thread it drags along (that is already in the
store, and re-reading it costs tokens and repeats personal data), nor the sender's signature
block (phone numbers, tax ids, postal addresses: kept encrypted by the store, not shown).

Three steps, cheapest first:

1. A linear scan finds where the history starts: a quoted block introduced by an attribution
   line ("On ... wrote:", "Am ... schrieb ...:", "... <a@b.c>:"), the trailing block of ``>``
   lines, a separator ("-----Original Message-----", "---------- Forwarded message ---------",
   Outlook's line of underscores) or an Outlook "From: ... / Sent: ..." header block, in any
   of the languages below. Everything from there on is dropped before anything slower runs,
   so 200 KB of nested quotes cost a few milliseconds.
2. mail-parser-reply splits what is left at any header step 1 missed and finds the signature.
   Its patterns come from its language tables, compiled once here with three fixes: the
   Polish "Od:/Do:/Data:" header needs two lines (one matched any line starting "Data:"), a
   sign-off must stand alone on its line (with at most a capitalised name), so "Thanks, that
   works" and Danish "Tak" in "Take the slot" are not signatures, and its "-John" rule is
   left out, so a hyphen list is text, not the start of a signature.
   Lines longer than ``_LONGEST_MARKER_LINE`` are masked first: its "On ... wrote:" pattern
   takes quadratic time on a long line that starts with "On".
3. Interleaved ``>`` lines left in the new text are dropped. If nothing is left (the whole
   body was quoted, or a forward without a note), the body is kept with its quote marks
   removed rather than handing the agent nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailparser_reply.constants import GENERIC_MAIL_SEPARATOR, MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "sv", "da", "pl", "cs", "ja", "ko", "zh")
"""mail-parser-reply's languages used (all it ships but the vendor-specific "david"); Portuguese
and Hindi, which it lacks, are covered by the patterns below."""

MAX_TEXT_CHARS = 100_000
"""Longest new text kept: beyond this a "reply" is a pasted document or a thread dump."""
_LONGEST_MARKER_LINE = 256  # no attribution, sign-off or header line is longer
_MASK = re.compile("\ue000(\\d+)\ue001")

_ATTRIBUTION_VERB = (
    r"wrote|writes|schrieb|écrit|escribió|scritto|schreef|skrev|napsal|napisał|nadesłał"
    r"|escreveu|kirjoitti|yazdı|написал|写道|寫道|작성|ने लिखा"
)
_ATTRIBUTION = re.compile(_ATTRIBUTION_VERB, re.IGNORECASE)
_ATTRIBUTION_OPENER = re.compile(r"^(?:On|Am|Le|El|Il|Op|Den|Em|Dne|Dnia|W dniu)\s|^\d{4}[年년]")
_SEPARATOR = re.compile(
    r"^(?:-{2,}[ \t]*(?:Original Message|Forwarded message|Ursprüngliche Nachricht"
    r"|Weitergeleitete Nachricht|Message d'origine|Message transféré|Mensaje original"
    r"|Mensaje reenviado|Messaggio originale|Messaggio inoltrato|Oorspronkelijk bericht"
    r"|Doorgestuurd bericht|Mensagem original|Mensagem encaminhada|Ursprungligt meddelande"
    r"|Oprindelig meddelelse|Oryginalna wiadomość|Původní zpráva)[ \t]*-{2,}"
    r"|_{20,}"
    r"|(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht"
    r"|Début du message réexpédié|Inicio del mensaje reenviado|Inizio messaggio inoltrato"
    r"|Begin doorgestuurd bericht|Início da mensagem reencaminhada)[ \t\xa0]*:)$",
    re.MULTILINE | re.IGNORECASE,
)
_HEADER_BLOCK = re.compile(
    r"^\*?(?:From|Von|De|Da|Van|Från|Fra|Od|发件人|差出人|보낸 사람)\*?[ \t\xa0]*[:：]"
    r"[^\n]{0,400}\n"
    r"\*?(?:Sent|Date|Subject|Gesendet|Datum|Betreff|Envoyé|Objet|Enviado|Enviada|Fecha|Asunto"
    r"|Inviato|Data|Oggetto|Verzonden|Onderwerp|Skickat|Ämne|Sendt|Emne|Wysłano|Temat"
    r"|Odesláno|Předmět|Assunto|发送时间|日期|主题|送信日時|件名|보낸 날짜|제목)\*?[ \t\xa0]*[:：]",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ReplyText:
    """The new text of a body, its signature block, and how much quoted history was dropped."""

    text: str = field(repr=False)
    signature: str | None = field(repr=False)
    quoted_chars: int


def split_reply(body: str, max_chars: int = MAX_TEXT_CHARS) -> ReplyText:
    """Split a plain-text body into the new text, the signature and the dropped history; new
    text beyond ``max_chars`` is dropped (and not counted as quoted)."""
    text = normalise(body)
    cut = _history_start(text)
    head, history_chars = text[:cut].rstrip()[:max_chars], len(text) - cut
    masked, long_lines = _mask_long_lines(head)
    message = EmailMessage(
        text=masked,
        languages=list(LANGUAGES),
        _header_regex=_HEADER_REGEX,
        _signature_regex=_SIGNATURE_REGEX,
        _disclaimers_regex=_NEVER,  # a "Warning: ... mail" line is the customer's text
    )
    message.read()
    first, *older = message.replies
    quoted = history_chars + sum(len(_unmask(reply.content, long_lines)) for reply in older)
    new_text = _unmask(first.body, long_lines) if not first.headers else ""  # else all quoted
    kept = [line for line in new_text.split("\n") if not line.startswith(">")]
    quoted += sum(len(line) + 1 for line in new_text.split("\n") if line.startswith(">"))
    new_text = _tidy("\n".join(kept))
    if not new_text:
        return ReplyText(text=_tidy(_unquote(text[:max_chars])), signature=None, quoted_chars=0)
    signature = _unmask(first.signatures, long_lines) if first.signatures else None
    return ReplyText(text=new_text, signature=signature or None, quoted_chars=quoted)


def normalise(body: str) -> str:
    """Line endings "\\n", every line stripped (as mail-parser-reply does), no leading or
    trailing blank lines, and no private-use characters the masking relies on."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").translate(_NO_MASK_CHARS)
    return "\n".join(line.strip() for line in body.split("\n")).strip("\n")


def _history_start(text: str) -> int:
    """Offset where the quoted history starts (``len(text)`` when there is none)."""
    starts = [m.start() for m in (_SEPARATOR.search(text), _HEADER_BLOCK.search(text)) if m]
    lines = text.split("\n")
    quote_line = _quote_start(lines)
    if quote_line is not None:
        starts.append(sum(len(line) + 1 for line in lines[:quote_line]))
    return min(starts, default=len(text))


def _quote_start(lines: list[str]) -> int | None:
    """Index of the first line of the quoted history: the attribution line of the first
    ``>`` block that has one, else the first line of the trailing ``>`` block."""
    trailing = len(lines)
    while trailing > 0 and (not lines[trailing - 1] or lines[trailing - 1].startswith(">")):
        trailing -= 1
    for index, line in enumerate(lines):
        if not line.startswith(">"):
            continue
        attribution = _attribution_start(lines, index)
        if attribution is not None:
            return attribution
        if index >= trailing:
            return index
    return None


def _attribution_start(lines: list[str], quote: int) -> int | None:
    """The attribution line ("On <date>, <name> wrote:") right above a quoted block, or the
    line before it when a mailer wrapped the attribution in two."""
    above = quote - 1
    while above >= 0 and not lines[above] and quote - above <= 2:
        above -= 1
    if above < 0 or not lines[above] or lines[above].startswith(">"):
        return None
    line = lines[above]
    if not line.endswith((":", "：")) or len(line) > _LONGEST_MARKER_LINE:
        return None
    previous = lines[above - 1] if above > 0 else ""
    wrapped = _ATTRIBUTION_OPENER.match(previous) and not _ATTRIBUTION_OPENER.match(line)
    if wrapped and len(previous) <= _LONGEST_MARKER_LINE and _is_attribution(previous + line):
        return above - 1
    return above if _is_attribution(line) else None


def _is_attribution(text: str) -> bool:
    """Says who wrote what follows: a "wrote" verb, or an address and a date."""
    return bool(_ATTRIBUTION.search(text)) or ("@" in text and any(c.isdigit() for c in text))


def _mask_long_lines(text: str) -> tuple[str, list[str]]:
    long_lines: list[str] = []

    def mask(line: str) -> str:
        if len(line) <= _LONGEST_MARKER_LINE:
            return line
        long_lines.append(line)
        return f"\ue000{len(long_lines) - 1}\ue001"

    return "\n".join(mask(line) for line in text.split("\n")), long_lines


def _unmask(text: str, long_lines: list[str]) -> str:
    return _MASK.sub(lambda match: long_lines[int(match[1])], text) if long_lines else text


def _unquote(text: str) -> str:
    return "\n".join(_QUOTE_MARKS.sub("", line) for line in text.split("\n"))


def _tidy(text: str) -> str:
    return _BLANK_RUNS.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()


_NO_MASK_CHARS = str.maketrans({"\ue000": "\ufffd", "\ue001": "\ufffd"})
_QUOTE_MARKS = re.compile(r"^(?:> ?)+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_NEVER = re.compile(r"(?!)")


# -- mail-parser-reply's patterns, compiled once ------------------------------------------------

_Q = r"(?:> ?)*"  # a marker may itself be quoted (mail-parser-reply's QUOTED_MATCH_INCLUDE)


def _language_patterns(key: str) -> list[str]:
    found: list[str] = []
    for language in LANGUAGES:
        value = MAIL_LANGUAGES[language].get(key)
        values = value if isinstance(value, list) else [value] if value else []
        found.extend(str(item) for item in values if item)
    return found


def _header_regex() -> re.Pattern[str]:
    wrote = [
        *_language_patterns("wrote_header"),
        rf"^({_Q}Em\s[^\n]{{1,200}}?escreveu:)$",  # Portuguese, not in mail-parser-reply
    ]
    # Polish allowed a single "Od:/Do:/Data:/Temat:" line; every other language needs two.
    headers = [p.replace("){1,}(?:", "){2,}(?:") for p in _language_patterns("from_header")]
    return re.compile(
        "|".join([*wrote, *headers, f"({GENERIC_MAIL_SEPARATOR})"]), re.MULTILINE | re.IGNORECASE
    )


_EXTRA_SIGN_OFFS = (
    "Cheers", "Sincerely", "Regards", "Thanks", "Thank you", "Many thanks", "Thanks and regards",
    "Thanks & regards", "Warm regards", "Warmest regards", "Best wishes", "With regards",
    "Yours sincerely", "Yours truly", "Yours faithfully", "Rgds", "Herzliche Grüße", "Danke",
    "Bien cordialement", "Bien à vous", "Merci", "Saludos", "Un abrazo", "Distinti saluti",
    "Saluti", "Grazie", "Met vriendelijke groeten", "Groeten", "Atenciosamente", "Abraços",
    "Cumprimentos", "Obrigado", "Obrigada", "धन्यवाद", "सादर",
)  # fmt: skip
_NAME_WORD = r"(?-i:[A-ZÀ-ÖØ-Þ])[\w.'-]*"


def _signature_regex() -> re.Pattern[str]:
    sign_offs = "|".join([*_language_patterns("signatures"), *map(re.escape, _EXTRA_SIGN_OFFS)])
    sent_from = "|".join(_language_patterns("sent_from"))
    alone = rf"\w{{0,3}}[ \t]*[,.!]?(?:[ \t]*{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})?[ \t]*[.!]?"
    return re.compile(
        r"(?:^(?:--|__)$"  # RFC 3676 "-- " once trailing blanks are stripped
        rf"|^(?:{sent_from})[^\n]{{0,80}}$"  # "Sent from my iPhone", "Get Outlook for iOS"
        rf"|(?<!\A)^(?:{sign_offs}){alone}$"  # "Best regards," alone, or "Thanks, Priya"
        r")[\s\S]*",
        re.MULTILINE | re.IGNORECASE,
    )


_HEADER_REGEX = _header_regex()
_SIGNATURE_REGEX = _signature_regex()
