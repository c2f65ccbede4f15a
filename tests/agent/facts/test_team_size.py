"""Head counts: team sizes and company sizes; money, phones, years and dates never count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts import parse_company_size, parse_team_size


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("50 seats", 50),
        ("team of 12", 12),
        ("around 200 employees", 200),
        ("we are 35 people", 35),
        ("150-200 users", 200),
        ("2k staff", 2000),
        ("hum 40 log hain", 40),
        ("we need 25 licenses", 25),
        ("20 sales reps", 20),
        ("we're 80 strong", 80),
        ("a 12-member team", 12),
        ("our team size is 18", 18),
        ("humari team mein 15 bande hain", 15),
        ("we have a team of 12 people", 12),
        ("we're a 25-member sales team", 25),
        ("we r 12 ppl only", 12),
        ("We have 6 inside sales reps and 2 managers", 6),
        ("we are a company of 500 and the sales team of 40 will use it", 40),
    ],
)
def test_team_sizes(text: str, value: int) -> None:
    size = parse_team_size(text)
    assert size is not None
    assert size.value == value
    assert size.text in text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("we are a company of 500", 500),
        ("a 2000-person company", 2000),
        ("500 employees overall", 500),
    ],
)
def test_company_sizes(text: str, value: int) -> None:
    size = parse_company_size(text)
    assert size is not None
    assert size.value == value
    assert parse_team_size(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "₹500 per seat",
        "$50 users",
        "budget 5 lakh",
        "call 98765 43210",
        "in 2025",
        "by 15 Jan",
        "a few people",
        "we do log every call",
        "20% of users",
        "We pay 20 dollars per seat today",
        "",
    ],
)
def test_not_a_team_size(text: str) -> None:
    assert parse_team_size(text) is None


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["seats", "users", "people"]))
def test_any_count_parses(count: int, noun: str) -> None:
    size = parse_team_size(f"we need {count} {noun}")
    assert size is not None
    assert size.value == count
