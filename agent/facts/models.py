"""The facts a prospect states, normalised: plain frozen values, comparable and hashable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Period(StrEnum):
    """How often a budget amount is spent."""

    ONCE = "once"
    MONTH = "month"
    YEAR = "year"
    SEAT_MONTH = "seat_month"
    SEAT_YEAR = "seat_year"


@dataclass(frozen=True)
class Budget:
    """An amount the prospect can spend; ``text`` is the prospect's own words for it."""

    amount: Decimal
    currency: str  # ISO 4217
    period: Period
    text: str


@dataclass(frozen=True)
class Timeline:
    """When the prospect wants to start and be done; ``start`` is the day it was said when only an
    end is implied ("by March")."""

    start: date
    end: date
    text: str


@dataclass(frozen=True)
class TeamSize:
    """A head count: the team that would use the product, or the whole company."""

    value: int
    text: str


@dataclass(frozen=True)
class Need:
    """What the prospect says they need, in their words."""

    text: str


@dataclass(frozen=True)
class Authority:
    """Who decides: the prospect's words and whether they are the decision maker."""

    text: str
    is_decision_maker: bool


@dataclass(frozen=True)
class LeadFacts:
    """The latest stated value of each qualification fact; None when never stated."""

    need: Need | None = None
    budget: Budget | None = None
    authority: Authority | None = None
    timeline: Timeline | None = None
    team_size: TeamSize | None = None
    company_size: TeamSize | None = None


def overlay_facts(base: LeadFacts, newer: LeadFacts) -> LeadFacts:
    """``base`` with every fact ``newer`` states replacing it; what ``newer`` leaves None stays."""
    return LeadFacts(
        **{
            name: value if (value := getattr(newer, name)) is not None else getattr(base, name)
            for name in LeadFacts.__dataclass_fields__
        }
    )
