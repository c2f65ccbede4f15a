"""Budgets: the documented surface forms parse to normalised values; non-money never does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts import Period, parse_budget

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "amount", "currency", "period"),
    [
        ("₹5 lakh per year", "500000", "INR", Period.YEAR),
        ("$8k a month", "8000", "USD", Period.MONTH),
        ("Rs 2.5 crore", "25000000", "INR", Period.ONCE),
        ("50,000 rupees", "50000", "INR", Period.ONCE),
        ("€1,200/user/month", "1200", "EUR", Period.SEAT_MONTH),
        ("£30k annually", "30000", "GBP", Period.YEAR),
        ("5L", "500000", "INR", Period.ONCE),
        ("5 lakhs", "500000", "INR", Period.ONCE),
        ("1.2 cr", "12000000", "INR", Period.ONCE),
        ("INR 75000", "75000", "INR", Period.ONCE),
        ("USD 20,000", "20000", "USD", Period.ONCE),
        ("20k dollars", "20000", "USD", Period.ONCE),
        ("$1.5M", "1500000", "USD", Period.ONCE),
        ("around 10-12 lakh", "1200000", "INR", Period.ONCE),
        ("₹500 per seat per month", "500", "INR", Period.SEAT_MONTH),
        ("budget 5 lakh tak hai", "500000", "INR", Period.ONCE),
        ("paanch lakh", "500000", "INR", Period.ONCE),
        ("Rs. 5,00,000 p.a.", "500000", "INR", Period.YEAR),
        ("1.5 lakh pm, is that ok?", "150000", "INR", Period.MONTH),
        ("$2.5k/mo", "2500", "USD", Period.MONTH),
        ("USD 15 per user per year", "15", "USD", Period.SEAT_YEAR),
        ("our monthly budget is $8k", "8000", "USD", Period.MONTH),
        ("5 to 8 lakh annually", "800000", "INR", Period.YEAR),
        ("dedh lakh har mahine", "150000", "INR", Period.MONTH),
        ("₹40,000 per user", "40000", "INR", Period.SEAT_MONTH),
        ("we pay $500 now but could go to $800 a month", "800", "USD", Period.MONTH),
        ("AED 3,000 monthly", "3000", "AED", Period.MONTH),
        ("Pilot budget $5,000, full rollout later", "5000", "USD", Period.ONCE),
        ("budget approx 3-4 lakh, yearly", "400000", "INR", Period.YEAR),
        ("Teen lakh saalana chalega", "300000", "INR", Period.YEAR),
    ],
)
def test_budget_forms(text: str, amount: str, currency: str, period: Period) -> None:
    budget = parse_budget(text)
    assert budget is not None
    assert (budget.amount, budget.currency, budget.period) == (Decimal(amount), currency, period)
    assert budget.text in text


def test_text_is_the_matched_span() -> None:
    budget = parse_budget("Hi, our budget is around ₹5 lakh per year for this.")
    assert budget is not None
    assert budget.text == "₹5 lakh per year"


@pytest.mark.parametrize(
    "text",
    [
        "50 seats",
        "we need it for 2025",
        "call me on +91 98765 43210",
        "my number is 9876543210",
        "by 15 Jan 2027",
        "we grew 20% last year",
        "a team of 12",
        "do you have a free trial?",
        "five people will use it",
        "the meeting is at 5 pm",
        "",
    ],
)
def test_not_a_budget(text: str) -> None:
    assert parse_budget(text) is None


_CURRENCY_FORMS = {
    "INR": ("₹{n}", "Rs {n}", "INR {n}", "{n} rupees"),
    "USD": ("${n}", "USD {n}", "{n} dollars"),
    "EUR": ("€{n}", "EUR {n}", "{n} euros"),
    "GBP": ("£{n}", "GBP {n}", "{n} pounds"),
}
_PERIOD_FORMS = {
    Period.ONCE: ("",),
    Period.MONTH: (" per month", " a month", "/month", " monthly"),
    Period.YEAR: (" per year", " a year", "/year", " annually", " yearly"),
    Period.SEAT_MONTH: (" per seat per month", "/user/month", " per user a month"),
    Period.SEAT_YEAR: (" per seat per year", "/user/year", " per user annually"),
}


@st.composite
def _stated_budget(draw: st.DrawFn) -> tuple[str, Decimal, str, Period]:
    whole = draw(st.integers(min_value=1, max_value=9_999_999))
    currency = draw(st.sampled_from(sorted(_CURRENCY_FORMS)))
    period = draw(st.sampled_from(list(Period)))
    grouped = draw(st.booleans())
    number = f"{whole:,}" if grouped else str(whole)
    form = draw(st.sampled_from(_CURRENCY_FORMS[currency]))
    suffix = draw(st.sampled_from(_PERIOD_FORMS[period]))
    return form.format(n=number) + suffix, Decimal(whole), currency, period


@given(_stated_budget(), st.sampled_from(["", "Our budget is ", "hmm, maybe "]))
def test_surface_forms_parse_back(stated: tuple[str, Decimal, str, Period], lead: str) -> None:
    text, amount, currency, period = stated
    budget = parse_budget(lead + text)
    assert budget is not None
    assert (budget.amount, budget.currency, budget.period) == (amount, currency, period)


@given(
    st.integers(min_value=1, max_value=100_000),
    st.sampled_from(["seats", "users", "licenses", "people", "employees"]),
)
def test_seat_counts_are_never_budgets(count: int, noun: str) -> None:
    assert parse_budget(f"we need {count} {noun}") is None


@given(st.from_regex(r"\+91[ -]?[6-9]\d{4}[ -]?\d{5}|0[1-9]\d{2}-\d{7}|[6-9]\d{9}", fullmatch=True))
def test_phone_numbers_are_never_budgets(phone: str) -> None:
    assert parse_budget(f"call me at {phone} after lunch") is None


@given(
    st.integers(min_value=1990, max_value=2099),
    st.integers(min_value=1, max_value=99),
)
def test_years_and_percentages_are_never_budgets(year: int, percent: int) -> None:
    text = f"in {year} we grew {percent}% and hired {percent} people"
    assert parse_budget(text) is None
