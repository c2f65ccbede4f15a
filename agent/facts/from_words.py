"""Facts from phrases a model picked out: the offline parsers, applied to the prospect's own words.

A model is good at finding where a prospect stated a fact ("we could stretch to 5 lakh a year"),
and unreliable at normalising it (currencies, Indian number scales, "by March" as a date range).
So a model only ever hands over words; this module turns them into facts with the same parsers
the offline extractor uses, so a fact means the same whoever found it. The agent's
``record_facts`` tool and the model-backed qualify extractor both read facts through here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from agent.facts.budget import parse_budget
from agent.facts.models import Authority, LeadFacts, Need, TeamSize
from agent.facts.qualification import parse_authority
from agent.facts.team_size import parse_company_size, parse_team_size
from agent.facts.timeline import parse_timeline

_Fact = TypeVar("_Fact")


def facts_from_words(
    *,
    today: date,
    need: str | None = None,
    budget: str | None = None,
    authority: str | None = None,
    is_decision_maker: bool | None = None,
    timeline: str | None = None,
    team_size: str | None = None,
    company_size: str | None = None,
) -> tuple[LeadFacts, list[str]]:
    """The facts stated in the given phrases, and the names of the phrases that did not parse.

    A blank or missing phrase is a fact not stated. A phrase that does not parse is left out,
    never guessed, and named in the second value (``"budget"``, ``"timeline"``, ``"team_size"``,
    ``"company_size"``), so the caller can ask again or keep what it had. Relative timelines
    ("next quarter") are read against ``today``, the day the prospect said them. Need and
    authority are free text; when ``is_decision_maker`` is not given, the authority words decide
    it the way the offline parser does ("I'm the founder" decides), and otherwise it is False.
    """
    unread: list[str] = []

    def read(name: str, words: str | None, parse: Callable[[str], _Fact | None]) -> _Fact | None:
        if words is None or not words.strip():
            return None
        value = parse(words.strip())
        if value is None:
            unread.append(name)
        return value

    facts = LeadFacts(
        need=read("need", need, Need),
        budget=read("budget", budget, parse_budget),
        authority=read("authority", authority, lambda words: _authority(words, is_decision_maker)),
        timeline=read("timeline", timeline, lambda words: parse_timeline(words, today)),
        team_size=read("team_size", team_size, lambda words: _head_count(words, parse_team_size)),
        company_size=read(
            "company_size", company_size, lambda words: _head_count(words, parse_company_size)
        ),
    )
    return facts, unread


def _authority(words: str, is_decision_maker: bool | None) -> Authority:
    if is_decision_maker is None:
        parsed = parse_authority(words)
        is_decision_maker = parsed.is_decision_maker if parsed is not None else False
    return Authority(words, is_decision_maker)


def _head_count(words: str, parse: Callable[[str], TeamSize | None]) -> TeamSize | None:
    """A head count from the prospect's words, or from a bare number ("40", "1,200")."""
    parsed = parse(words)
    if parsed is not None:
        return parsed
    digits = words.replace(",", "")
    return TeamSize(int(digits), words) if digits.isdigit() and int(digits) > 0 else None
