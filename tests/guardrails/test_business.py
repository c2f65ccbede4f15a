"""Business-fact spans: the budgets, seat counts and timelines recognisers must not remove."""

from __future__ import annotations

import pytest

from guardrails.business import business_fact_spans


def _facts(text: str) -> list[str]:
    return [text[start:end] for start, end in business_fact_spans(text)]


@pytest.mark.parametrize("amount", ["S$40,000", "A$5,000", "NZ$12k", "US$ 20,000", "$20,000"])
def test_dollars_of_every_country_are_budgets(amount: str) -> None:
    assert _facts(f"budget {amount} hai") == [amount]


def test_a_currency_code_ending_a_line_does_not_take_the_next_line() -> None:
    assert _facts("ETFS LONG USD\n7972 Kankaanpääntie 40") == []
