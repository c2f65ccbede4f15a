"""Head counts: "50 seats", "team of 12", "150-200 users", "hum 40 log hain", "a 2000-person firm".

Every mention is scoped: the team that would use the product, or the whole company (when the
phrase names the company: "company of 500", "500 employees overall"). Money never matches because
a count needs a people noun or a team phrase and must not follow a currency sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from agent.facts.models import TeamSize
from agent.facts.numbers import DIGITS, RANGE_SEPARATOR, WORD_NUMBER, scale_of, to_decimal

_COUNT = (
    rf"(?:(?:{DIGITS}|{WORD_NUMBER})(?:\s?[kK]\b)?{RANGE_SEPARATOR})?"
    rf"(?P<number>{DIGITS}|{WORD_NUMBER})(?:\s?(?P<scale>[kK])\b)?\+?"
)
_PEOPLE = (
    r"(?:seats?|users?|licen[cs]es?|employees?|people|ppl|persons?|staff|members?|agents?|reps?"
    r"|salespeople|engineers?|developers?|headcount|log|logon|logo|bande|karmachari|workers?"
    r"|counsellors?|executives?|associates?)"
)
_LARGEST_COUNT = Decimal(10_000_000)  # beyond any employer; a bigger "count" is something else
_COMPANY = r"(?:company|organi[sz]ation|org|firm|business|startup|group)"
_NOT_MONEY = r"(?<![₹$€£\d])(?<!rs\s)(?<!rs\.\s)(?<!inr\s)(?<!usd\s)"
# Up to two describing words ("6 inside sales reps"), but not "per": "$20 per seat" is a price.
_GAP = r"(?:(?!(?:per|a|an|each|every|for)\b)[a-z-]+\s){0,2}"
_ABOUT = r"(?:about\s|around\s|roughly\s|almost\s|over\s|nearly\s)?"
# (pattern, is_company): the company patterns come first so that, for one number, the company
# reading wins over the generic "<number> employees" one.
_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = tuple(
    (re.compile(_NOT_MONEY + body, re.IGNORECASE), is_company)
    for body, is_company in (
        (rf"\b(?:a\s)?{_COMPANY}\sof\s{_ABOUT}{_COUNT}(?:\s(?:[a-z-]+\s)?{_PEOPLE}\b)?", True),
        (
            rf"{_COUNT}[\s-](?:person|people|member|employee|strong)[\s-]"
            rf"(?:[a-z]+\s){{0,2}}?{_COMPANY}\b",
            True,
        ),
        (
            rf"{_COUNT}\s(?:[a-z-]+\s)?{_PEOPLE}\s(?:overall|in\stotal|total|company[\s-]wide"
            r"|across\sthe\scompany)\b",
            True,
        ),
        (
            r"(?:\b(?:a\s)?team\sof\s|\bteam\ssize\s(?:is\s|of\s)?|\bheadcount\s(?:is\s|of\s)?"
            rf"|\bstrength\s(?:is\s|of\s)?){_ABOUT}{_COUNT}",
            False,
        ),
        (
            rf"\b(?:we\sare|we're|we\sr|hum|humlog)\s{_ABOUT}{_COUNT}\s(?:[a-z-]+\s)?"
            rf"(?:{_PEOPLE}|strong)\b",
            False,
        ),
        (rf"{_COUNT}[\s-](?:person|member|people)[\s-](?:[a-z]+\s)?team\b", False),
        (rf"{_COUNT}\s{_GAP}{_PEOPLE}\b", False),
    )
)


@dataclass(frozen=True)
class _Mention:
    size: TeamSize
    is_company: bool


def _mentions(text: str) -> list[_Mention]:
    """Every head count in ``text``, in order; a range counts as its upper bound."""
    by_position: dict[int, _Mention] = {}
    for pattern, is_company in _PATTERNS:
        for match in pattern.finditer(text):
            mention = _mention(match, is_company)
            if mention is not None:
                by_position.setdefault(match.start("number"), mention)
    return [by_position[position] for position in sorted(by_position)]


def _mention(match: re.Match[str], is_company: bool) -> _Mention | None:
    """One match as a head count, or None when the number cannot be one."""
    number = match["number"]
    if number.lower() in ("a", "an", "do"):
        return None  # "a few people", "we do log calls": words that are numbers only before a scale
    value = to_decimal(number) * scale_of(match["scale"])
    if value < 1 or value != value.to_integral_value() or value > _LARGEST_COUNT:
        return None
    return _Mention(TeamSize(int(value), match.group(0).strip()), is_company)


def parse_team_size(text: str) -> TeamSize | None:
    """The size of the team that would use the product, or None; the last such mention wins.

    A range ("150-200 users") gives its upper bound, like budgets. A count explicitly of the whole
    company is :func:`parse_company_size`'s, not this.
    """
    team = [m.size for m in _mentions(text) if not m.is_company]
    return team[-1] if team else None


def parse_company_size(text: str) -> TeamSize | None:
    """The whole company's head count when stated as such ("a company of 500"), or None."""
    company = [m.size for m in _mentions(text) if m.is_company]
    return company[-1] if company else None
