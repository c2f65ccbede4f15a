"""Facts from the words a model picked out: the offline parsers, unreadable phrases named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agent.facts import (
    Authority,
    LeadFacts,
    Need,
    Period,
    TeamSize,
    facts_from_words,
    overlay_facts,
)

TODAY = date(2026, 11, 25)


def test_words_are_normalised_by_the_offline_parsers() -> None:
    facts, unread = facts_from_words(
        today=TODAY,
        need="a WhatsApp CRM",
        budget="₹5 lakh per year",
        authority="I'm the founder",
        timeline="next quarter",
        team_size="hum 40 log hain",
        company_size="a company of 2000 employees",
    )
    assert unread == []
    assert facts.need == Need("a WhatsApp CRM")
    assert facts.budget is not None
    assert (facts.budget.amount, facts.budget.currency, facts.budget.period) == (
        Decimal(500000),
        "INR",
        Period.YEAR,
    )
    assert facts.budget.text == "₹5 lakh per year"
    assert facts.timeline is not None
    assert (facts.timeline.start, facts.timeline.end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert facts.team_size is not None and facts.team_size.value == 40
    assert facts.company_size is not None and facts.company_size.value == 2000
    # No is_decision_maker given: the words decide it, as the offline parser reads them.
    assert facts.authority == Authority("I'm the founder", True)


def test_bare_numbers_are_head_counts() -> None:
    facts, unread = facts_from_words(today=TODAY, team_size="40", company_size="1,200")
    assert unread == []
    assert facts.team_size == TeamSize(40, "40")
    assert facts.company_size == TeamSize(1200, "1,200")


def test_unreadable_words_are_left_out_and_named() -> None:
    facts, unread = facts_from_words(
        today=TODAY,
        budget="a reasonable amount",
        timeline="whenever",
        team_size="a few of us",
        company_size="0",
    )
    assert facts == LeadFacts()
    assert unread == ["budget", "timeline", "team_size", "company_size"]


def test_blank_words_are_not_stated() -> None:
    facts, unread = facts_from_words(today=TODAY, need="  ", budget="", authority=None)
    assert (facts, unread) == (LeadFacts(), [])


def test_an_explicit_decision_maker_flag_wins_over_the_words() -> None:
    facts, _ = facts_from_words(today=TODAY, authority="my boss", is_decision_maker=True)
    assert facts.authority == Authority("my boss", True)
    facts, _ = facts_from_words(today=TODAY, authority="someone in finance")
    assert facts.authority == Authority("someone in finance", False)


def test_overlay_keeps_what_the_newer_facts_leave_out() -> None:
    base = LeadFacts(need=Need("a CRM"), team_size=TeamSize(10, "10 people"))
    newer = LeadFacts(team_size=TeamSize(12, "12 people"))
    assert overlay_facts(base, newer) == LeadFacts(
        need=Need("a CRM"), team_size=TeamSize(12, "12 people")
    )
