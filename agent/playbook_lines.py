"""The playbook's wording, read from ``prompts/playbook.v<N>.yaml`` into typed, checked lines.

Every sentence the scripted playbook says lives in that file, in English (``en``) and Hinglish
(``hi``), so wording changes are a new prompt version, never a code change. A mistake fails at
load time naming the key (``hi.questions.budget: Field required``), and a template with a wrong
placeholder fails there too, not in front of a prospect.
"""

from __future__ import annotations

from collections.abc import Callable
from string import Formatter
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from agent.errors import PlaybookConfigError
from agent.facts import Criterion, Period
from agent.language import Language
from guardrails.yaml_config import parse_config
from prompts import PromptNotFound, load_prompt

PROMPT_NAME = "playbook"


def _placeholders(*names: str) -> Callable[[str], str]:
    """A check that a template uses exactly the placeholders ``names`` (none for a plain line)."""
    expected = frozenset(names)

    def check(template: str) -> str:
        found = {field for _, field, _, _ in Formatter().parse(template) if field is not None}
        if found != expected:
            wanted = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "no placeholders"
            raise ValueError(f"must use {wanted}, found {sorted(found) or 'none'}")
        return template

    return check


Line = Annotated[str, Field(min_length=1), AfterValidator(_placeholders())]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Questions(_Strict):
    """The question asked for each criterion; answers must be phrased so agent.facts reads them."""

    need: Line
    budget: Line
    authority: Line
    timeline: Line
    company_size: Line

    def of(self, criterion: Criterion) -> str:
        """The question for one criterion."""
        return str(getattr(self, criterion.value))


class PeriodWords(_Strict):
    """How a budget period reads after an amount: "per year", "har saal"."""

    once: Line
    month: Line
    year: Line
    seat_month: Line
    seat_year: Line

    def of(self, period: Period) -> str:
        """The words for one period."""
        return str(getattr(self, period.value))


class SummaryLines(_Strict):
    """The pieces of the closing summary of what was noted."""

    budget: Annotated[str, AfterValidator(_placeholders("amount", "period"))]
    timeline: Annotated[str, AfterValidator(_placeholders("start", "end"))]
    team_size: Annotated[str, AfterValidator(_placeholders("value"))]
    company_size: Annotated[str, AfterValidator(_placeholders("value"))]
    decides: Line
    defers: Line
    nothing: Line
    separator: Annotated[str, Field(min_length=1)]
    periods: PeriodWords


class LineSet(_Strict):
    """Everything the playbook says, in one language."""

    intro: Line
    disclosure: Line
    handoff: Line
    pass_to_team: Line
    knowledge_answer: Annotated[str, AfterValidator(_placeholders("heading", "excerpt"))]
    completion: Annotated[str, AfterValidator(_placeholders("summary"))]
    questions: Questions
    summary: SummaryLines


class KnowledgeRule(_Strict):
    """When a knowledge-base hit is good enough to quote, and how much of it to quote."""

    min_score: Annotated[float, Field(ge=0.0, le=1.0)]
    max_excerpt_chars: Annotated[int, Field(ge=40, le=1000)]
    max_excerpt_sentences: Annotated[int, Field(ge=1, le=5)]


class PlaybookLines(_Strict):
    """The whole playbook file, plus the prompt ref replies cite (set by the loader)."""

    order: tuple[Criterion, ...]
    max_asks: Annotated[int, Field(ge=1, le=5)]
    knowledge: KnowledgeRule
    en: LineSet
    hi: LineSet
    ref: str = "playbook@custom"

    @field_validator("order")
    @classmethod
    def _every_criterion_once(cls, order: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        if sorted(order) != sorted(Criterion):
            names = ", ".join(criterion.value for criterion in Criterion)
            raise ValueError(f"must list each of {names} exactly once")
        return order

    def lines_for(self, language: Language) -> LineSet:
        """The line set for a language."""
        return self.en if language == "en" else self.hi


def parse_playbook_lines(raw: str, ref: str) -> PlaybookLines:
    """Validate playbook YAML text; ``ref`` names it in errors and in every reply.

    Raises:
        PlaybookConfigError: not YAML, or a key is missing or wrong; the message names the key.
    """
    lines = parse_config(raw, f"playbook prompt {ref}", PlaybookLines, PlaybookConfigError)
    return lines.model_copy(update={"ref": ref})


def load_playbook_lines(version: int | None = None) -> PlaybookLines:
    """The shipped playbook wording at ``version`` (the latest when None).

    Raises:
        PlaybookConfigError: no such version ships, or the file is invalid.
    """
    try:
        prompt = load_prompt(PROMPT_NAME, version)
    except PromptNotFound as exc:
        raise PlaybookConfigError(str(exc)) from exc
    return parse_playbook_lines(prompt.text, prompt.ref)
