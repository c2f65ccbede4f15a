"""Timelines in the prospect's words, resolved to dates: "by March", "next quarter", "Diwali tak".

Each phrase names a period (a month, a quarter, a span from today); the word before or after it
says which part of the period is the deadline:

* "by X", "until X", "X tak": from today to the end of X;
* "before X", "X se pehle": from today to the day before X starts;
* "in X", "during X", or X alone: X itself, starting no earlier than today;
* "end of X": from today to the end of X (only the end is implied).

"ASAP", "immediately" and their Hinglish forms mean from today to two weeks from today: a window a
sales rep can act on, rather than a zero-length one. A month or quarter named without a year is
its next occurrence that has not yet started (said on 2026-11-25, "by March" ends 2027-03-31).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from agent.facts.calendar_periods import (
    add_months,
    month_end,
    next_diwali,
    next_month_occurrence,
    next_quarter_occurrence,
    quarter_bounds,
    quarter_of,
    week_bounds,
)
from agent.facts.models import Timeline
from agent.facts.numbers import DIGITS, WORD_NUMBER, to_decimal

ASAP_WINDOW = timedelta(days=14)

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
_UNIT_DAYS = {"day": 1, "din": 1, "week": 7, "hafte": 7, "haftey": 7, "hafta": 7}


@dataclass(frozen=True)
class _Span:
    """A named period; ``end_only`` when the phrase implies only a deadline ("end of May")."""

    start: date
    end: date
    end_only: bool = False


_Resolver = Callable[[re.Match[str], date], _Span | None]


def _lower(word: str | None) -> str:
    return (word or "").lower()


def _asap(_: re.Match[str], today: date) -> _Span:
    return _Span(today, today + ASAP_WINDOW, end_only=True)


def _duration(match: re.Match[str], today: date) -> _Span | None:
    if not (match["cue"] or match["lead"] or match["tail"]):
        return None  # "36 months" alone is a length ("a contract for 36 months"), not a deadline
    count = int(to_decimal(match["count"]))
    unit = match["unit"].lower().rstrip("s")
    if unit in ("month", "mahine", "mahino", "mahina"):
        return _Span(today, add_months(today, count), end_only=True)
    return _Span(today, today + timedelta(days=count * _UNIT_DAYS[unit]), end_only=True)


def _relative(match: re.Match[str], today: date) -> _Span:
    step = 0 if match["which"].lower() in ("this", "is", "current") else 1
    unit = match["unit"].lower()
    if unit == "quarter":
        index = today.year * 4 + quarter_of(today) - 1 + step
        return _Span(*quarter_bounds(index // 4, index % 4 + 1))
    if unit in ("month", "mahine"):
        first = add_months(today.replace(day=1), step)
        return _Span(first, month_end(first.year, first.month))
    if unit in ("week", "hafte"):
        return _Span(*week_bounds(today + timedelta(weeks=step)))
    return _Span(date(today.year + step, 1, 1), date(today.year + step, 12, 31))


def _period_end(match: re.Match[str], today: date) -> _Span:
    step = 1 if match["next"] else 0
    if re.search(r"month|mahine", match.group(0), re.IGNORECASE):
        first = add_months(today.replace(day=1), step)
        return _Span(today, month_end(first.year, first.month), end_only=True)
    return _Span(today, date(today.year + step, 12, 31), end_only=True)


def _year(token: str | None) -> int | None:
    if token is None:
        return None
    digits = token.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _quarter(match: re.Match[str], today: date) -> _Span:
    quarter = int(match["q"])
    year = _year(match["year"]) or next_quarter_occurrence(quarter, today)
    return _Span(*quarter_bounds(year, quarter))


def _month(match: re.Match[str], today: date) -> _Span | None:
    month = _MONTHS[match["month"].lower()]
    day_token = match["day"] or match["day_after"]
    explicit_year = _year(match["year"])
    if not (match["cue"] or match["post"] or day_token or explicit_year or match["end_of"]):
        return None  # a bare "may" or "march" is too often not a month
    if day_token is None:
        year = explicit_year or next_month_occurrence(month, today)
        first, last = date(year, month, 1), month_end(year, month)
        return _Span(today, last, end_only=True) if match["end_of"] else _Span(first, last)
    day = int(day_token)
    if day > calendar.monthrange(explicit_year or 2024, month)[1]:
        return None  # "31 Feb" is not a date; 2024 lets a yearless "29 Feb" through
    year = explicit_year or (
        today.year if (month, day) >= (today.month, today.day) else today.year + 1
    )
    if not calendar.isleap(year) and (month, day) == (2, 29):
        return None
    deadline = date(year, month, day)
    return _Span(deadline, deadline)


def _whole_year(match: re.Match[str], today: date) -> _Span | None:
    if not {_lower(match["cue"]), _lower(match["post"])} & _DEADLINE_CUES:
        return None  # "in 2025 we grew" is history; "by 2028", "2028 tak" is a deadline
    return _Span(today, date(int(match["year"]), 12, 31), end_only=True)


def _numeric_date(match: re.Match[str], today: date) -> _Span | None:
    del today  # the date is absolute
    try:
        deadline = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return _Span(deadline, deadline)


def _diwali(_: re.Match[str], today: date) -> _Span:
    day = next_diwali(today)
    return _Span(day, day)


_CUE = (
    r"(?:(?P<cue>by|before|until|till|no\slater\sthan|latest\sby|in|during|within|around|from|after)"
    r"\s(?:the\s)?)?"
)
_BEFORE_CUES = frozenset({"before", "se pehle", "ke pehle", "se pahle"})
_DEADLINE_CUES = _BEFORE_CUES | {"by", "until", "till", "no later than", "latest by", "tak"}
_AFTER_CUES = frozenset({"after", "ke baad"})
_POST = r"(?:\s(?P<post>tak|se\spehle|ke\spehle|se\spahle|ke\sbaad))?"
_COUNT = rf"(?P<count>{DIGITS}|{WORD_NUMBER})"

_RULES: tuple[tuple[re.Pattern[str], _Resolver], ...] = tuple(
    (re.compile(_CUE + body + _POST, re.IGNORECASE), resolver)
    for body, resolver in (
        (
            r"\b(?:asap|as\ssoon\sas\spossible|immediately|right\saway|urgently"
            r"|at\sthe\searliest|jaldi\sse\sjaldi|jald\sse\sjald|turant|abhi\sturant)\b",
            _asap,
        ),
        (
            rf"(?:\b(?P<lead>next|agle|over\sthe\snext|the\snext)\s)?\b{_COUNT}\s"
            r"(?P<unit>days?|din|weeks?|hafte|haftey|hafta|months?|mahine|mahino|mahina)\b"
            r"(?:\s(?P<tail>mein|me|ke\sandar|from\snow|time))?",
            _duration,
        ),
        (
            r"\b(?P<which>this|next|is|agle|agla|current|coming)\s"
            r"(?P<unit>quarter|month|mahine|week|hafte|year|saal)\b",
            _relative,
        ),
        (
            r"\b(?:(?:the\s)?end\sof\s(?:the\s|this\s)?(?P<next>next\s)?(?:year|month)"
            r"|(?:year|month)[\s-]end|saal\ske\s(?:end|ant)|(?:mahine|month)\ske\send)\b",
            _period_end,
        ),
        (r"\bQ(?P<q>[1-4])\b(?:\s?(?:of\s|,\s?)?(?P<year>20\d\d|'\d\d))?", _quarter),
        (
            rf"(?P<end_of>(?:the\s)?end\sof\s)?(?:\b(?P<day>\d{{1,2}}){_ORDINAL}\s(?:of\s)?)?"
            rf"\b(?P<month>{_MONTH})\b\.?(?:\s(?P<day_after>\d{{1,2}}){_ORDINAL}\b)?"
            r"(?:,?\s(?P<year>20\d\d)\b)?",
            _month,
        ),
        (r"\b(?P<year>20\d\d)\b(?![-/])", _whole_year),
        (r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b", _numeric_date),
        (r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>20\d\d)\b", _numeric_date),
        (r"\b(?:diwali|deepavali)\b", _diwali),
    )
)


def parse_timeline(text: str, today: date) -> Timeline | None:
    """The timeline stated in ``text`` relative to ``today`` (the day it was said), or None.

    When several phrases match, one with a deadline word ("by", "before", "tak") beats a bare
    mention ("Q4 is busy, so by Q3"); then the earliest in the text wins, and at one position the
    longest (so "by 15 Jan 2027" beats "15 Jan").
    """
    best: tuple[bool, int, int, Timeline] | None = None
    for pattern, resolver in _RULES:
        for match in pattern.finditer(text):
            if {_lower(match["cue"]), _lower(match["post"])} & _AFTER_CUES:
                continue  # "after Diwali" says when not to expect a decision, not a deadline
            span = resolver(match, today)
            if span is None:
                continue
            has_cue = bool({_lower(match["cue"]), _lower(match["post"])} & _DEADLINE_CUES)
            key = (not has_cue, match.start(), -(match.end() - match.start()))
            if best is None or key < best[:3]:
                best = (*key, _timeline(match, span, today))
    return None if best is None else best[3]


def _timeline(match: re.Match[str], span: _Span, today: date) -> Timeline:
    """Apply the cue word ("by", "before", "tak") to the named period."""
    cue, post = _lower(match["cue"]), _lower(match["post"])
    text = match.group(0).strip()
    if cue in _BEFORE_CUES or post in _BEFORE_CUES:
        return Timeline(today, max(today, span.start - timedelta(days=1)), text)
    if span.end_only or cue in _DEADLINE_CUES or post in _DEADLINE_CUES:
        return Timeline(today, span.end, text)
    return Timeline(max(today, span.start), span.end, text)
