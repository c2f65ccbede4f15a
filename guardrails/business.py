"""Business facts the agent qualifies leads on, protected from over-eager recognisers.

Budgets, seat counts and timelines look like numbers and dates to a PII recogniser ("₹50,000" is
digits; "by March" holds a month NER may call a person). A finding that falls inside one of these
spans is dropped unless a checksum proved it (a card number typed as "$4111 1111 ...", say).
"""

from __future__ import annotations

import re

_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:k|m|mn|bn|lakhs?|lacs?|lakh|crores?|cr|million|billion|thousand|hundred)"
# "S$", "A$", "NZ$": dollars of other countries are written with the country's letters.
_CURRENCY = r"(?:₹|rs\.?|inr|(?:\b(?:us|s|a|c|nz|hk|r))?\$|usd|€|eur|£|gbp|aed|sgd|aud|cad)"
_BARE = r"(?<![\w.])"  # an amount without a currency sign starts a word: not "AAAPA0000K"
_MONEY = (
    # one line only: "USD\n7972 Kankaanpääntie 40" is a signature, then an address
    rf"{_CURRENCY} ?{_AMOUNT}(?: ?{_SCALE}\b)?"
    rf"|{_BARE}{_AMOUNT} ?{_SCALE}\b(?: ?(?:rupees|inr|usd|dollars|euros|pounds))?"
    rf"|{_BARE}{_AMOUNT} ?(?:rupees|dollars|euros|pounds|usd|inr|/-)"
)
_COUNTED = (
    r"seats?|users?|licen[cs]es?|employees|people|agents|reps|members|staff|salespeople"
    r"|accounts|branches|outlets|stores|locations|sites|devices|logins|headcount"
)
_SEATS = rf"\b\d[\d,]*\+?\s?(?:{_COUNTED})\b|\bteam\s+of\s+\d[\d,]*\b"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_TIMELINE = (
    rf"\b(?:by|before|after|in|until|till|from|around|early|mid|late|end\s+of)\s+{_MONTH}\b"
    r"|\b(?:next|this|coming|last)\s+(?:week|month|quarter|year|fy|financial\s+year)\b"
    r"|\b(?:end|start|beginning)\s+of\s+(?:the\s+)?(?:month|quarter|year|fy)\b"
    r"|\bwithin\s+\d+\s+(?:days?|weeks?|months?)\b|\bin\s+\d+\s+(?:days?|weeks?|months?)\b"
    r"|\bq[1-4](?:\s?(?:fy)?\s?'?\d{2,4})?\b|\bh[12]\s?(?:fy)?\s?'?\d{2,4}\b|\bfy\s?'?\d{2,4}\b"
    r"|\b(?:before|after|by|around)\s+(?:diwali|holi|eid|christmas|pongal|onam|navratri"
    r"|dussehra|new\s+year)\b"
)
_BUSINESS_FACT = re.compile(rf"(?:{_MONEY})|(?:{_SEATS})|(?:{_TIMELINE})", re.IGNORECASE)


def business_fact_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding budgets, seat counts and timelines."""
    return [match.span() for match in _BUSINESS_FACT.finditer(text)]
