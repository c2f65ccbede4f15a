"""Lead facts, normalised, and a lead score computed in code: pure Python, offline, no model.

The agent's model talks to the prospect; these parsers read the prospect's own words into typed
values (budget, timeline, team size, need, authority) and :func:`score` turns them into a
deterministic score a sales rep can audit reason by reason.
"""

from agent.facts.budget import parse_budget
from agent.facts.errors import CalendarDataError, FactsError, FactsFormatError, RubricError
from agent.facts.extract import extract_facts
from agent.facts.from_words import facts_from_words
from agent.facts.models import (
    Authority,
    Budget,
    LeadFacts,
    Need,
    Period,
    TeamSize,
    Timeline,
    overlay_facts,
)
from agent.facts.qualification import parse_authority, parse_need
from agent.facts.rubric import Criterion, Rubric, load_rubric
from agent.facts.scoring import LeadScore, Priority, score
from agent.facts.serialise import facts_from_json, facts_to_json
from agent.facts.team_size import parse_company_size, parse_team_size
from agent.facts.timeline import parse_timeline

__all__ = [
    "Authority", "Budget", "CalendarDataError", "Criterion", "FactsError", "FactsFormatError",
    "LeadFacts", "LeadScore", "Need", "Period", "Priority", "Rubric", "RubricError", "TeamSize",
    "Timeline", "extract_facts", "facts_from_json", "facts_from_words", "facts_to_json",
    "load_rubric", "overlay_facts", "parse_authority", "parse_budget", "parse_company_size",
    "parse_need", "parse_team_size", "parse_timeline", "score",
]  # fmt: skip
