"""The lead score, computed in code from the extracted facts and the rubric, never by a model.

Same facts and rubric, same score: criteria are visited in the fixed :class:`Criterion` order,
arithmetic is decimal, and nothing depends on the clock or on dict order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from agent.facts.models import LeadFacts, Period
from agent.facts.rubric import Criterion, MinimumBudget, Rubric

# How many times a year an amount is spent; a one-off budget counts as one year's spend.
_PER_YEAR: dict[Period, int] = {
    Period.ONCE: 1,
    Period.MONTH: 12,
    Period.YEAR: 1,
    Period.SEAT_MONTH: 12,
    Period.SEAT_YEAR: 1,
}


class Priority(StrEnum):
    """How soon a sales rep should pick the lead up."""

    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


@dataclass(frozen=True)
class LeadScore:
    """A 0-100 score, its priority band, and one reason per criterion in rubric order."""

    score: int
    priority: Priority
    reasons: tuple[str, ...]


def yearly_amount(amount: Decimal, period: Period, seats: int) -> Decimal:
    """``amount`` as a yearly total, so a monthly and a yearly budget compare.

    A per-seat amount is multiplied by ``seats``; a one-off amount counts as one year's spend.
    """
    per_seat = period in (Period.SEAT_MONTH, Period.SEAT_YEAR)
    return amount * _PER_YEAR[period] * (seats if per_seat else 1)


def score(facts: LeadFacts, rubric: Rubric) -> LeadScore:
    """Score a lead: each criterion earns its full weight, the rubric's partial credit, or none."""
    judged = [
        (Criterion.NEED, *_need(facts)),
        (Criterion.BUDGET, *_budget(facts, rubric)),
        (Criterion.AUTHORITY, *_authority(facts)),
        (Criterion.TIMELINE, *_timeline(facts, rubric)),
        (Criterion.COMPANY_SIZE, *_company_size(facts, rubric)),
    ]
    partial = Decimal(str(rubric.partial_credit))
    credits = {_FULL: Decimal(1), _PARTIAL: partial, _NONE: Decimal(0)}
    total = sum(
        (rubric.weights.of(criterion) * credits[credit] for criterion, credit, _ in judged),
        Decimal(0),
    )
    points = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if points >= rubric.thresholds.hot:
        priority = Priority.HOT
    elif points >= rubric.thresholds.warm:
        priority = Priority.WARM
    else:
        priority = Priority.COLD
    return LeadScore(points, priority, tuple(reason for _, _, reason in judged))


_FULL, _PARTIAL, _NONE = "full", "partial", "none"
_Judgement = tuple[str, str]


def _need(facts: LeadFacts) -> _Judgement:
    if facts.need is None:
        return _NONE, "need: not stated yet"
    return _FULL, f"need: stated ({facts.need.text!r})"


def _money(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:,.2f}".replace(".00", "")


def _budget(facts: LeadFacts, rubric: Rubric) -> _Judgement:
    budget = facts.budget
    if budget is None:
        return _NONE, "budget: not stated yet"
    minimum: MinimumBudget | None = rubric.budget.minimums.get(budget.currency)
    if minimum is None:
        return (
            _PARTIAL,
            f"budget: {budget.text!r} is in {budget.currency}, which the rubric has no minimum for",
        )
    seats = facts.team_size.value if facts.team_size else rubric.budget.default_seats
    have = yearly_amount(budget.amount, budget.period, seats)
    need = yearly_amount(minimum.amount, minimum.period, 1)
    comparison = (
        f"{_money(have, budget.currency)} a year against a minimum of "
        f"{_money(need, budget.currency)}"
    )
    if have >= need:
        return _FULL, f"budget: {budget.text!r} qualifies ({comparison})"
    return _PARTIAL, f"budget: {budget.text!r} is below the minimum ({comparison})"


def _authority(facts: LeadFacts) -> _Judgement:
    authority = facts.authority
    if authority is None:
        return _NONE, "authority: decision maker not known yet"
    if authority.is_decision_maker:
        return _FULL, f"authority: the prospect decides ({authority.text!r})"
    return _PARTIAL, f"authority: someone else decides ({authority.text!r})"


def _timeline(facts: LeadFacts, rubric: Rubric) -> _Judgement:
    timeline = facts.timeline
    if timeline is None:
        return _NONE, "timeline: not stated yet"
    days = (timeline.end - timeline.start).days
    window = rubric.timeline.urgent_within_days
    if days <= window:
        return (
            _FULL,
            f"timeline: urgent, {days} days to {timeline.end.isoformat()} ({timeline.text!r})",
        )
    return (
        _PARTIAL,
        f"timeline: {days} days to {timeline.end.isoformat()}, beyond {window} ({timeline.text!r})",
    )


def _company_size(facts: LeadFacts, rubric: Rubric) -> _Judgement:
    size = facts.company_size or facts.team_size  # a company is at least as big as its team
    if size is None:
        return _NONE, "company size: not stated yet"
    minimum = rubric.company_size.minimum
    if size.value >= minimum:
        return _FULL, f"company size: {size.value} people, at least {minimum} ({size.text!r})"
    return _PARTIAL, f"company size: {size.value} people, fewer than {minimum} ({size.text!r})"
