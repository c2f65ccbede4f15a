"""Budgets in the prospect's words: "₹5 lakh per year", "$8k a month", "€1,200/user/month".

An amount counts as a budget only with a currency (a sign, a code or a word) or an Indian scale
word (lakh, crore: always rupees). That single rule is what keeps seat counts ("50 seats"), years
("2025"), dates, phone numbers and percentages out: none of them carries a currency.
"""

from __future__ import annotations

import re

from agent.facts.models import Budget, Period
from agent.facts.numbers import (
    DIGITS,
    RANGE_SEPARATOR,
    SCALE,
    WORD_NUMBER,
    is_indian_scale,
    scale_of,
    to_decimal,
)

_CURRENCY_PREFIXES: dict[str, str] = {
    "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR", "$": "USD", "us$": "USD", "usd": "USD",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "aed": "AED", "s$": "SGD", "sgd": "SGD",
}  # fmt: skip
_CURRENCY_WORDS: dict[str, str] = {
    "rupees": "INR", "rupee": "INR", "rs": "INR", "inr": "INR", "dollars": "USD",
    "dollar": "USD", "usd": "USD", "bucks": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "pounds": "GBP", "gbp": "GBP", "dirhams": "AED", "aed": "AED", "sgd": "SGD",
}  # fmt: skip

_PREFIX = r"(?:₹|rs\.?|inr|us\$|usd|\$|€|eur|£|gbp|aed|s\$|sgd)"
_SUFFIX_WORD = (
    r"(?:us\s)?(?:rupees?|rs|inr|dollars?|usd|bucks|euros?|eur|pounds|gbp|dirhams|aed|sgd)"
)
_NUMBER = rf"(?:{DIGITS}|{WORD_NUMBER})"
_SEAT = r"(?:\s?/\s?|\s(?:per|a|each|for\severy|every)\s)(?:seat|user|head|licen[cs]e|agent|person)"
_MONTH = (
    r"(?:\s?/\s?(?:month|mo|mth)\b|\s(?:per|a|each|every|har)\s(?:month|mahin[ae])\b"
    r"|\s(?:mahine\ska)\b|,?\smonthly\b|\sp\.?m\.?(?=\s|$|[,;!?]))"
)
_YEAR = (
    r"(?:\s?/\s?(?:year|yr|annum)\b|\s(?:per|a|each|every|har)\s(?:year|yr|annum|saal)\b"
    r"|\s(?:annual|saal\ska|saa?lana)\b|,?\s(?:annually|yearly)\b|,?\sp\.?a\.?(?=\s|$|[,;!?]))"
)

_BUDGET = re.compile(
    rf"""
    (?P<prefix>{_PREFIX})?\s?
    (?:(?P<low>{_NUMBER}){SCALE}?{RANGE_SEPARATOR}(?:{_PREFIX}\s?)?)?
    (?P<number>{_NUMBER})(?P<scale>{SCALE})?
    (?:\s(?P<suffix>{_SUFFIX_WORD})\b)?
    (?P<seat1>{_SEAT})?
    (?:(?P<month>{_MONTH})|(?P<year>{_YEAR}))?
    (?P<seat2>{_SEAT})?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A budget stated before its amount: "monthly budget of $8k", "annual spend around ₹5 lakh".
_LEADING_PERIOD = re.compile(
    r"\b(?P<word>monthly|annual|yearly|per\smonth|per\syear)\s(?:budget|spend|spending)\b",
    re.IGNORECASE,
)
_NOT_MONEY_AFTER = re.compile(r"\s?(?:%|percent\b|per\scent\b)", re.IGNORECASE)


def parse_budget(text: str) -> Budget | None:
    """The budget stated in ``text``, or None.

    A range ("around 10-12 lakh") gives its upper bound: it is what the prospect says they
    can reach, and the range's words stay in ``text`` for a human to read. With no period stated
    the budget is a one-off (``once``); a per-seat price with no period is per seat per month, the
    way SaaS prices are quoted. When several amounts appear, the last one wins, since prospects
    correct themselves forward ("we pay $500 now, could go to $800").
    """
    found: Budget | None = None
    for match in _BUDGET.finditer(text):
        budget = _budget_from(match, text)
        if budget is not None:
            found = budget
    return found


def _budget_from(match: re.Match[str], text: str) -> Budget | None:
    """A budget from one pattern match, or None when the match is not money."""
    number, scale = match["number"], match["scale"]
    if number is None or _NOT_MONEY_AFTER.match(text, match.end("number")):
        return None
    is_word = not number[0].isdigit()
    if is_word and scale is None:
        return None  # "five" alone is not an amount; "five lakh" is
    currency = _currency(match)
    if currency is None:
        return None
    amount = to_decimal(number) * scale_of(scale)
    return Budget(
        amount=amount.to_integral_value() if amount == amount.to_integral_value() else amount,
        currency=currency,
        period=_period(match, text),
        text=match.group(0).strip(),
    )


def _currency(match: re.Match[str]) -> str | None:
    """ISO code from the sign, code or word; rupees for lakh and crore; None when not money."""
    if match["prefix"]:
        return _CURRENCY_PREFIXES[match["prefix"].lower()]
    if match["suffix"]:
        return _CURRENCY_WORDS[match["suffix"].lower().removeprefix("us ")]
    if is_indian_scale(match["scale"]):
        return "INR"
    return None


def _period(match: re.Match[str], text: str) -> Period:
    """The period after the amount, else one named before it ("monthly budget"), else once."""
    per_seat = bool(match["seat1"] or match["seat2"])
    if match["month"]:
        monthly: bool | None = True
    elif match["year"]:
        monthly = False
    else:
        leading = _LEADING_PERIOD.search(text, 0, match.start())
        monthly = None if leading is None else "month" in leading["word"].lower()
    if per_seat:
        return Period.SEAT_YEAR if monthly is False else Period.SEAT_MONTH
    if monthly is None:
        return Period.ONCE
    return Period.MONTH if monthly else Period.YEAR
