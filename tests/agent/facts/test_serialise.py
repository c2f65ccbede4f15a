"""Facts to JSON and back: the output form for people, the exact form for storage."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts import (
    Authority,
    Budget,
    FactsFormatError,
    LeadFacts,
    Need,
    Period,
    TeamSize,
    Timeline,
    facts_from_json,
    facts_to_json,
)

texts = st.text(max_size=40)
sizes = st.builds(TeamSize, st.integers(min_value=1, max_value=10_000_000), texts)
budgets = st.builds(
    Budget,
    amount=st.decimals(min_value=0, allow_nan=False, allow_infinity=False),
    currency=st.from_regex(r"[A-Z]{3}", fullmatch=True),
    period=st.sampled_from(Period),
    text=texts,
)
timelines = st.builds(Timeline, st.dates(), st.dates(), texts)
lead_facts = st.builds(
    LeadFacts,
    need=st.none() | st.builds(Need, texts),
    budget=st.none() | budgets,
    authority=st.none() | st.builds(Authority, texts, st.booleans()),
    timeline=st.none() | timelines,
    team_size=st.none() | sizes,
    company_size=st.none() | sizes,
)


@given(lead_facts)
def test_exact_form_round_trips_through_json_text_digit_for_digit(facts: LeadFacts) -> None:
    stored = json.dumps(facts_to_json(facts, exact=True), ensure_ascii=False)
    back = facts_from_json(json.loads(stored))
    assert back == facts
    if facts.budget is not None:
        assert back.budget is not None and str(back.budget.amount) == str(facts.budget.amount)


@given(
    st.none() | st.integers(min_value=0, max_value=10**15).map(Decimal) | st.just(Decimal("12.5"))
)
def test_output_form_round_trips_whole_and_short_amounts(amount: Decimal | None) -> None:
    facts = LeadFacts(
        budget=None if amount is None else Budget(amount, "INR", Period.YEAR, "x"),
    )
    assert facts_from_json(json.loads(json.dumps(facts_to_json(facts)))) == facts


def test_output_form_amount_is_int_when_whole_and_float_otherwise() -> None:
    whole = facts_to_json(LeadFacts(budget=Budget(Decimal(500000), "INR", Period.YEAR, "5L")))
    cents = facts_to_json(LeadFacts(budget=Budget(Decimal("12.50"), "EUR", Period.ONCE, "x")))
    assert whole["budget"]["amount"] == 500000 and type(whole["budget"]["amount"]) is int
    assert cents["budget"]["amount"] == 12.5 and type(cents["budget"]["amount"]) is float
    exact = facts_to_json(
        LeadFacts(budget=Budget(Decimal("12.50"), "EUR", Period.ONCE, "x")), exact=True
    )
    assert exact["budget"]["amount"] == "12.50"


def test_shape() -> None:
    facts = LeadFacts(
        timeline=Timeline(date(2026, 11, 25), date(2027, 3, 31), "by March"),
        authority=Authority("I decide", True),
    )
    assert facts_to_json(facts) == {
        "budget": None,
        "timeline": {"start": "2026-11-25", "end": "2027-03-31", "text": "by March"},
        "team_size": None,
        "need": None,
        "authority": {"text": "I decide", "is_decision_maker": True},
        "company_size": None,
    }


EMPTY: dict[str, Any] = facts_to_json(LeadFacts())
BUDGET = {"amount": "1", "currency": "INR", "period": "year", "text": "x"}


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"budget": {**BUDGET, "amount": "lots"}}, "budget.amount"),
        ({"budget": {**BUDGET, "amount": "NaN"}}, "budget.amount"),
        ({"budget": {**BUDGET, "amount": -5}}, "budget.amount"),
        ({"budget": {**BUDGET, "amount": True}}, "budget.amount"),
        ({"budget": {**BUDGET, "currency": "rupees"}}, "budget.currency"),
        ({"budget": {**BUDGET, "period": "weekly"}}, "budget.period"),
        ({"budget": {"amount": "1", "currency": "INR", "period": "year"}}, "budget: missing text"),
        ({"budget": {**BUDGET, "extra": 1}}, "budget: unknown key extra"),
        ({"timeline": {"start": "2026-02-30", "end": "2026-03-01", "text": "x"}}, "timeline.start"),
        ({"timeline": {"start": "March", "end": "2026-03-01", "text": "x"}}, "timeline.start"),
        ({"team_size": {"value": 0, "text": "x"}}, "team_size.value"),
        ({"company_size": {"value": 2.5, "text": "x"}}, "company_size.value"),
        ({"authority": {"text": "x", "is_decision_maker": "yes"}}, "authority.is_decision_maker"),
        ({"need": {"text": 5}}, "need.text"),
        ({"need": "we need a CRM"}, "need: expected an object"),
    ],
)
def test_bad_values_name_the_field(change: dict[str, Any], names: str) -> None:
    with pytest.raises(FactsFormatError, match=names.replace(".", r"\.")):
        facts_from_json({**EMPTY, **change})


def test_missing_and_unknown_top_level_keys() -> None:
    with pytest.raises(FactsFormatError, match="facts: missing budget"):
        facts_from_json({key: None for key in EMPTY if key != "budget"})
    with pytest.raises(FactsFormatError, match="unknown key seats"):
        facts_from_json({**EMPTY, "seats": 3})
