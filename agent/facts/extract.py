"""All qualification facts from a conversation's prospect messages, the latest stated value winning.

Relative phrases are resolved against the day each message was sent, not the day the extraction
runs: "next month" written on 30 November means December even when read in January.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from agent.facts.budget import parse_budget
from agent.facts.models import LeadFacts
from agent.facts.qualification import parse_authority, parse_need
from agent.facts.team_size import parse_company_size, parse_team_size
from agent.facts.timeline import parse_timeline

Message = tuple[str, datetime | date]


def _day(sent: datetime | date) -> date:
    return sent.date() if isinstance(sent, datetime) else sent


def extract_facts(messages: Iterable[Message]) -> LeadFacts:
    """Facts from ``(text, sent_at)`` prospect messages, in any order.

    Messages are taken oldest first (ties keep their given order), so a later correction ("actually
    it's 8 lakh") replaces the earlier value while facts never restated are kept.
    """
    facts = LeadFacts()
    ordered = sorted(enumerate(messages), key=lambda item: (_when(item[1][1]), item[0]))
    for _, (text, sent) in ordered:
        day = _day(sent)
        facts = LeadFacts(
            need=parse_need(text) or facts.need,
            budget=parse_budget(text) or facts.budget,
            authority=parse_authority(text) or facts.authority,
            timeline=parse_timeline(text, day) or facts.timeline,
            team_size=parse_team_size(text) or facts.team_size,
            company_size=parse_company_size(text) or facts.company_size,
        )
    return facts


def _when(sent: datetime | date) -> datetime:
    """A sortable moment: a bare date counts as its midnight, an aware time as naive UTC."""
    if isinstance(sent, datetime):
        return sent if sent.tzinfo is None else sent.astimezone(UTC).replace(tzinfo=None)
    return datetime(sent.year, sent.month, sent.day)
