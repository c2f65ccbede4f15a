"""Timelines: phrases resolve to start and end dates relative to the day they were said."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts import CalendarDataError, parse_timeline
from agent.facts.calendar_periods import add_months, next_diwali

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("by March", "2026-11-25", "2027-03-31"),
        ("We want this live by March.", "2026-11-25", "2027-03-31"),
        ("next quarter", "2027-01-01", "2027-03-31"),
        ("this quarter", "2026-11-25", "2026-12-31"),
        ("in 2 weeks", "2026-11-25", "2026-12-09"),
        ("within 3 months", "2026-11-25", "2027-02-25"),
        ("end of the year", "2026-11-25", "2026-12-31"),
        ("by Q2", "2026-11-25", "2027-06-30"),
        ("Q3 2027", "2027-07-01", "2027-09-30"),
        ("next month", "2026-12-01", "2026-12-31"),
        ("ASAP", "2026-11-25", "2026-12-09"),
        ("we need it immediately", "2026-11-25", "2026-12-09"),
        ("before Diwali", "2026-11-25", "2027-10-28"),
        ("by Diwali", "2026-11-25", "2027-10-29"),
        ("by 15 Jan", "2026-11-25", "2027-01-15"),
        ("January 2027", "2027-01-01", "2027-01-31"),
        ("March tak", "2026-11-25", "2027-03-31"),
        ("Diwali se pehle", "2026-11-25", "2027-10-28"),
        ("agle mahine", "2026-12-01", "2026-12-31"),
        ("do hafte mein", "2026-11-25", "2026-12-09"),
        ("by December", "2026-11-25", "2026-12-31"),
        ("by November", "2026-11-25", "2027-11-30"),
        ("before March", "2026-11-25", "2027-02-28"),
        ("by end of March", "2026-11-25", "2027-03-31"),
        ("in May", "2027-05-01", "2027-05-31"),
        ("next week", "2026-11-30", "2026-12-06"),
        ("end of next year", "2026-11-25", "2027-12-31"),
        ("saal ke end tak", "2026-11-25", "2026-12-31"),
        ("by the 3rd of February", "2026-11-25", "2027-02-03"),
        ("deadline 2027-02-01", "2027-02-01", "2027-02-01"),
        ("by 31/01/2027", "2026-11-25", "2027-01-31"),
        ("in the next 6 weeks", "2026-11-25", "2027-01-06"),
        ("Q1 '27", "2027-01-01", "2027-03-31"),
        ("50 lakh ka budget hai, 2028 tak", "2026-11-25", "2028-12-31"),
        ("by 2027", "2026-11-25", "2027-12-31"),
        ("Q4 is our busy season, so by Q3", "2026-11-25", "2027-09-30"),
    ],
)
def test_timeline_phrases(text: str, start: str, end: str) -> None:
    timeline = parse_timeline(text, TODAY)
    assert timeline is not None
    assert (timeline.start.isoformat(), timeline.end.isoformat()) == (start, end)
    assert timeline.text in text


def test_by_march_said_before_march_is_this_years() -> None:
    timeline = parse_timeline("by March", date(2027, 2, 10))
    assert timeline is not None
    assert timeline.end == date(2027, 3, 31)


@pytest.mark.parametrize(
    "text",
    [
        "we may buy it",
        "I'll march into the meeting",
        "call me on 98765 43210",
        "in 2025 we grew fast",
        "budget is 5 lakh",
        "50 seats",
        "31 Feb",
        "The contract is for 36 months",
        "We'll revisit after Diwali",
        "Diwali ke baad baat karte hain",
        "$8k a month",
        "We are 8 people right now",
        "",
    ],
)
def test_not_a_timeline(text: str) -> None:
    assert parse_timeline(text, TODAY) is None


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 10, 1)))
def test_diwali_is_never_in_the_past(today: date) -> None:
    assert next_diwali(today) >= today


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 36))
def test_add_months_clamps_to_month_length(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2034, 12, 1)), st.integers(1, 12))
def test_month_deadline_is_upcoming(today: date, month: int) -> None:
    timeline = parse_timeline(f"by {calendar.month_name[month]}", today)
    assert timeline is not None
    assert timeline.start == today < timeline.end
    assert timeline.end.month == month


def test_diwali_beyond_the_table_is_a_specific_error() -> None:
    with pytest.raises(CalendarDataError, match="ends before"):
        next_diwali(date(2036, 1, 1))
