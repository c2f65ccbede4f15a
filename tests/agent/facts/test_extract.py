"""Facts over a conversation: the latest stated value of each fact wins."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from agent.facts import Period, extract_facts


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_latest_value_wins_and_others_are_kept() -> None:
    facts = extract_facts(
        [
            ("We need a lead-scoring tool for our sales team.", _at(20)),
            ("Budget is around ₹5 lakh per year. We are 35 people.", _at(21)),
            ("I'm the founder, I decide.", _at(22)),
            ("Actually we could do 8 lakh per year", _at(23)),
        ]
    )
    assert facts.budget is not None
    assert (facts.budget.amount, facts.budget.period) == (Decimal(800000), Period.YEAR)
    assert facts.team_size is not None and facts.team_size.value == 35
    assert facts.authority is not None and facts.authority.is_decision_maker
    assert facts.need is not None and "lead-scoring" in facts.need.text
    assert facts.timeline is None


def test_messages_are_ordered_by_time_not_by_list_position() -> None:
    facts = extract_facts([("team of 50", _at(24)), ("team of 12", _at(20))])
    assert facts.team_size is not None and facts.team_size.value == 50


def test_relative_timeline_uses_the_day_it_was_said() -> None:
    facts = extract_facts([("next month please", date(2026, 1, 31))])
    assert facts.timeline is not None
    assert (facts.timeline.start, facts.timeline.end) == (date(2026, 2, 1), date(2026, 2, 28))


def test_company_size_kept_apart_from_team_size() -> None:
    facts = extract_facts(
        [("We're a company of 800; the support team of 60 would use it.", _at(20))]
    )
    assert facts.company_size is not None and facts.company_size.value == 800
    assert facts.team_size is not None and facts.team_size.value == 60


def test_aware_and_naive_times_sort_together() -> None:
    naive = datetime(2026, 11, 20, 9)
    facts = extract_facts([("50 seats", naive + timedelta(hours=1)), ("10 seats", _at(20, 9))])
    assert facts.team_size is not None and facts.team_size.value == 50


def test_no_messages_no_facts() -> None:
    facts = extract_facts([])
    assert facts.budget is None and facts.need is None and facts.authority is None
