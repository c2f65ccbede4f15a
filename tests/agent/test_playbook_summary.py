"""The completion summary: money grouped as its readers group it, dates spelled out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agent.facts import Authority, Budget, LeadFacts, Period, TeamSize, Timeline
from agent.playbook_lines import load_playbook_lines
from agent.playbook_summary import format_day, format_money, summarise

LINES = load_playbook_lines()


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("500000", "INR", "₹5,00,000"),
        ("15000000", "INR", "₹1,50,00,000"),
        ("999", "INR", "₹999"),
        ("1234567.5", "INR", "₹12,34,567.50"),
        ("5E+5", "INR", "₹5,00,000"),
        ("8000", "USD", "USD 8,000"),
        ("12.50", "EUR", "EUR 12.50"),
        ("1200000", "AED", "AED 1,200,000"),
    ],
)
def test_format_money(amount: str, currency: str, expected: str) -> None:
    assert format_money(Decimal(amount), currency) == expected


def test_format_day() -> None:
    assert format_day(date(2027, 3, 31)) == "31 Mar 2027"


def test_summary_in_both_languages() -> None:
    facts = LeadFacts(
        budget=Budget(Decimal(25), "USD", Period.SEAT_MONTH, "$25 per seat per month"),
        timeline=Timeline(date(2027, 1, 1), date(2027, 3, 31), "next quarter"),
        team_size=TeamSize(60, "team of 60"),
        company_size=TeamSize(300, "company of 300"),
        authority=Authority("my boss decides", False),
    )
    assert summarise(facts, LINES.en.summary) == (
        "budget USD 25 per seat per month; timeline 1 Jan 2027 to 31 Mar 2027; a team of 60; "
        "a company of 300; someone else signs off"
    )
    assert summarise(facts, LINES.hi.summary).startswith("budget USD 25 per seat har mahine;")
    assert summarise(LeadFacts(), LINES.en.summary) == "nothing specific yet"
