"""Lead facts to JSON and back, in one place, so the qualify output and storage never drift apart.

Two forms of the same shape differ only in the budget amount:

* the *output* form (the default) writes it as a JSON number, an integer when the amount is whole
  and a float otherwise (``€12.50`` becomes ``12.5``), which is what a person or a spreadsheet
  expects to read;
* the *exact* form (``exact=True``) writes it as the decimal's string (``"12.50"``), so storing
  facts and reading them back gives the same value digit for digit, with no float in between.

:func:`facts_from_json` reads both. Every fact key is always present, ``null`` when not stated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from agent.facts.errors import FactsFormatError
from agent.facts.models import Authority, Budget, LeadFacts, Need, Period, TeamSize, Timeline

FACT_KEYS = ("budget", "timeline", "team_size", "need", "authority", "company_size")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def facts_to_json(facts: LeadFacts, *, exact: bool = False) -> dict[str, Any]:
    """``facts`` as a JSON-ready dict; ``exact`` writes the budget amount as a decimal string."""
    return {
        "budget": None if facts.budget is None else _budget_to_json(facts.budget, exact),
        "timeline": None
        if facts.timeline is None
        else {
            "start": facts.timeline.start.isoformat(),
            "end": facts.timeline.end.isoformat(),
            "text": facts.timeline.text,
        },
        "team_size": _size_to_json(facts.team_size),
        "need": None if facts.need is None else {"text": facts.need.text},
        "authority": None
        if facts.authority is None
        else {
            "text": facts.authority.text,
            "is_decision_maker": facts.authority.is_decision_maker,
        },
        "company_size": _size_to_json(facts.company_size),
    }


def _budget_to_json(budget: Budget, exact: bool) -> dict[str, Any]:
    amount: int | float | str
    if exact:
        amount = str(budget.amount)
    elif budget.amount == budget.amount.to_integral_value():
        amount = int(budget.amount)
    else:
        amount = float(budget.amount)
    return {
        "amount": amount,
        "currency": budget.currency,
        "period": budget.period.value,
        "text": budget.text,
    }


def _size_to_json(size: TeamSize | None) -> dict[str, Any] | None:
    return None if size is None else {"value": size.value, "text": size.text}


def facts_from_json(data: Mapping[str, Any]) -> LeadFacts:
    """The facts written by :func:`facts_to_json` (either form).

    Raises:
        FactsFormatError: a key is missing or unknown, or a value has the wrong type; the message
            names the field, e.g. ``budget.amount``.
    """
    _exact_keys(data, FACT_KEYS, "facts")
    budget = _fact(data, "budget", ("amount", "currency", "period", "text"))
    timeline = _fact(data, "timeline", ("start", "end", "text"))
    team_size = _fact(data, "team_size", ("value", "text"))
    need = _fact(data, "need", ("text",))
    authority = _fact(data, "authority", ("text", "is_decision_maker"))
    company_size = _fact(data, "company_size", ("value", "text"))
    return LeadFacts(
        need=None if need is None else Need(_text(need["text"], "need.text")),
        budget=None
        if budget is None
        else Budget(
            amount=_amount(budget["amount"], "budget.amount"),
            currency=_currency(budget["currency"], "budget.currency"),
            period=_period(budget["period"], "budget.period"),
            text=_text(budget["text"], "budget.text"),
        ),
        authority=None
        if authority is None
        else Authority(
            _text(authority["text"], "authority.text"),
            _boolean(authority["is_decision_maker"], "authority.is_decision_maker"),
        ),
        timeline=None
        if timeline is None
        else Timeline(
            _date(timeline["start"], "timeline.start"),
            _date(timeline["end"], "timeline.end"),
            _text(timeline["text"], "timeline.text"),
        ),
        team_size=None if team_size is None else _size(team_size, "team_size"),
        company_size=None if company_size is None else _size(company_size, "company_size"),
    )


def _exact_keys(data: object, keys: tuple[str, ...], path: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise FactsFormatError(f"{path}: expected an object with {', '.join(keys)}")
    missing = [key for key in keys if key not in data]
    if missing:
        raise FactsFormatError(f"{path}: missing {', '.join(missing)}")
    unknown = sorted(str(key) for key in data if key not in keys)
    if unknown:
        raise FactsFormatError(f"{path}: unknown key {', '.join(unknown)}")
    return data


def _fact(data: Mapping[str, Any], key: str, fields: tuple[str, ...]) -> Mapping[str, Any] | None:
    value = data[key]
    return None if value is None else _exact_keys(value, fields, key)


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise FactsFormatError(f"{path}: expected a string")
    return value


def _boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise FactsFormatError(f"{path}: expected true or false")
    return value


def _amount(value: object, path: str) -> Decimal:
    """An amount from a decimal string (exact), an integer, or a float (read via its repr)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FactsFormatError(f'{path}: expected a number or a decimal string such as "12.50"')
    try:
        amount = Decimal(value if isinstance(value, str | int) else repr(value))
    except InvalidOperation as exc:
        raise FactsFormatError(f'{path}: not a decimal number; write it like "12.50"') from exc
    if not amount.is_finite() or amount < 0:
        raise FactsFormatError(f"{path}: must be a finite amount of zero or more")
    return amount


def _currency(value: object, path: str) -> str:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise FactsFormatError(f'{path}: expected an ISO 4217 code such as "INR"')
    return value


def _period(value: object, path: str) -> Period:
    allowed = ", ".join(period.value for period in Period)
    if not isinstance(value, str) or value not in {period.value for period in Period}:
        raise FactsFormatError(f"{path}: expected one of {allowed}")
    return Period(value)


def _date(value: object, path: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise FactsFormatError(f'{path}: expected an ISO date such as "2027-03-31"')
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FactsFormatError(f"{path}: not a calendar date") from exc


def _size(fact: Mapping[str, Any], path: str) -> TeamSize:
    value = fact["value"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FactsFormatError(f"{path}.value: expected a whole number of people, 1 or more")
    return TeamSize(value, _text(fact["text"], f"{path}.text"))
