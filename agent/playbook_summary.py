"""The closing summary of a qualification, in normalised form: "budget ₹5,00,000 per year".

Amounts are written the way their readers group digits: rupees with the ₹ sign and Indian grouping
(lakh, crore), every other currency as its ISO code with thousands grouping ("USD 8,000").
Dates are written day, month, year with English month abbreviations, the same in both languages.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agent.facts import LeadFacts
from agent.playbook_lines import SummaryLines

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SIGNS = {"INR": "₹"}


def format_money(amount: Decimal, currency: str) -> str:
    """``amount`` with its currency: "₹5,00,000", "USD 8,000", "EUR 12.50"."""
    whole = amount == amount.to_integral_value()
    digits = f"{amount:.0f}" if whole else f"{amount:.2f}"
    integer, _, fraction = digits.partition(".")
    grouped = _indian_grouping(integer) if currency == "INR" else f"{int(integer):,}"
    number = f"{grouped}.{fraction}" if fraction else grouped
    sign = _SIGNS.get(currency)
    return f"{sign}{number}" if sign else f"{currency} {number}"


def _indian_grouping(integer: str) -> str:
    """Digits grouped the Indian way: the last three, then pairs ("500000" → "5,00,000")."""
    if len(integer) <= 3:
        return integer
    head, tail = integer[:-3], integer[-3:]
    pairs = [head[max(0, end - 2) : end] for end in range(len(head), 0, -2)]
    return ",".join([*reversed(pairs), tail])


def format_day(day: date) -> str:
    """A date as "31 Mar 2027"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def summarise(facts: LeadFacts, lines: SummaryLines) -> str:
    """What was noted, as one clause list; ``lines.nothing`` when nothing was."""
    parts: list[str] = []
    if facts.budget is not None:
        parts.append(
            lines.budget.format(
                amount=format_money(facts.budget.amount, facts.budget.currency),
                period=lines.periods.of(facts.budget.period),
            )
        )
    if facts.timeline is not None:
        parts.append(
            lines.timeline.format(
                start=format_day(facts.timeline.start), end=format_day(facts.timeline.end)
            )
        )
    if facts.team_size is not None:
        parts.append(lines.team_size.format(value=facts.team_size.value))
    if facts.company_size is not None:
        parts.append(lines.company_size.format(value=facts.company_size.value))
    if facts.authority is not None:
        parts.append(lines.decides if facts.authority.is_decision_maker else lines.defers)
    return lines.separator.join(parts) if parts else lines.nothing
