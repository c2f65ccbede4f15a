"""Scoring: weights, partial credit, budget conversion, reasons and determinism."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts import (
    Authority,
    Budget,
    LeadFacts,
    Need,
    Period,
    Priority,
    TeamSize,
    Timeline,
    load_rubric,
    score,
)
from agent.facts.scoring import yearly_amount

RUBRIC = load_rubric()
D = date(2026, 11, 25)

QUALIFIED = LeadFacts(
    need=Need("we need a WhatsApp bot"),
    budget=Budget(Decimal(500000), "INR", Period.YEAR, "₹5 lakh per year"),
    authority=Authority("I am the CTO", True),
    timeline=Timeline(D, date(2027, 1, 31), "by January"),
    team_size=TeamSize(40, "team of 40"),
    company_size=TeamSize(300, "a company of 300"),
)


def test_fully_qualified_lead_is_hot_with_a_reason_per_criterion() -> None:
    result = score(QUALIFIED, RUBRIC)
    assert (result.score, result.priority) == (100, Priority.HOT)
    assert [reason.split(":")[0] for reason in result.reasons] == [
        "need",
        "budget",
        "authority",
        "timeline",
        "company size",
    ]
    assert "qualifies" in result.reasons[1]


def test_empty_facts_are_cold() -> None:
    result = score(LeadFacts(), RUBRIC)
    assert (result.score, result.priority) == (0, Priority.COLD)
    assert all("not" in reason for reason in result.reasons)


def test_partial_credit_for_stated_but_unqualifying_facts() -> None:
    facts = LeadFacts(
        need=QUALIFIED.need,
        budget=Budget(Decimal(10000), "INR", Period.MONTH, "10k rupees a month"),  # 1.2 lakh a year
        authority=Authority("my manager decides", False),
        timeline=Timeline(D, date(2027, 10, 28), "before Diwali"),
        team_size=TeamSize(5, "we are 5 people"),
    )
    result = score(facts, RUBRIC)
    assert result.score == 20 + 15 + 10 + 10 + 5
    assert result.priority is Priority.WARM
    assert "below the minimum" in result.reasons[1]
    assert "someone else decides" in result.reasons[2]


def test_monthly_and_yearly_budgets_compare() -> None:
    monthly = Budget(Decimal(30000), "INR", Period.MONTH, "30k rupees a month")
    assert yearly_amount(monthly.amount, monthly.period, 1) == Decimal(360000)
    assert "qualifies" in score(LeadFacts(budget=monthly), RUBRIC).reasons[1]


def test_per_seat_budget_uses_team_size() -> None:
    per_seat = Budget(Decimal(20), "USD", Period.SEAT_MONTH, "$20/user/month")
    alone = score(LeadFacts(budget=per_seat), RUBRIC)
    team = score(LeadFacts(budget=per_seat, team_size=TeamSize(50, "50 seats")), RUBRIC)
    assert "below the minimum" in alone.reasons[1]
    assert "qualifies" in team.reasons[1]


def test_currency_without_minimum_gets_partial_credit() -> None:
    facts = LeadFacts(budget=Budget(Decimal(1), "JPY", Period.ONCE, "¥1"))
    assert "no minimum" in score(facts, RUBRIC).reasons[1]


@given(
    st.booleans(),
    st.integers(min_value=1, max_value=10**8),
    st.sampled_from(list(Period)),
    st.sampled_from(["INR", "USD", "EUR", "JPY"]),
    st.one_of(st.none(), st.booleans()),
    st.integers(min_value=0, max_value=800),
)
def test_same_facts_same_score(
    has_need: bool,
    amount: int,
    period: Period,
    currency: str,
    decides: bool | None,
    days: int,
) -> None:
    facts = LeadFacts(
        need=Need("x") if has_need else None,
        budget=Budget(Decimal(amount), currency, period, "x"),
        authority=None if decides is None else Authority("x", decides),
        timeline=Timeline(D, date.fromordinal(D.toordinal() + days), "x"),
    )
    first = score(facts, RUBRIC)
    assert first == score(facts, load_rubric())
    assert 0 <= first.score <= 100


@pytest.mark.parametrize(
    ("facts", "priority"),
    [
        (
            LeadFacts(need=QUALIFIED.need, budget=QUALIFIED.budget, authority=QUALIFIED.authority),
            Priority.HOT,
        ),
        (LeadFacts(need=QUALIFIED.need, authority=QUALIFIED.authority), Priority.WARM),
    ],
)
def test_thresholds_are_inclusive(facts: LeadFacts, priority: Priority) -> None:
    result = score(facts, RUBRIC)
    assert result.score in (RUBRIC.thresholds.hot, RUBRIC.thresholds.warm)
    assert result.priority is priority
