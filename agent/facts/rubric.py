"""The lead-scoring rubric: criterion weights and what qualifies, as a YAML file an admin edits.

A mistake in the file fails at load time with the path of the bad field (for example
``weights.budget``), never by silently scoring every lead as cold.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.facts.errors import RubricError
from agent.facts.models import Period
from guardrails.yaml_config import parse_config

DEFAULT_RUBRIC_FILE = "default_rubric.yaml"


class Criterion(StrEnum):
    """A qualification criterion; this order is the order of a score's reasons."""

    NEED = "need"
    BUDGET = "budget"
    AUTHORITY = "authority"
    TIMELINE = "timeline"
    COMPANY_SIZE = "company_size"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(_Strict):
    """Points per criterion, adding up to 100 so a score reads as a percentage."""

    need: Annotated[int, Field(ge=0, le=100)]
    budget: Annotated[int, Field(ge=0, le=100)]
    authority: Annotated[int, Field(ge=0, le=100)]
    timeline: Annotated[int, Field(ge=0, le=100)]
    company_size: Annotated[int, Field(ge=0, le=100)]

    @model_validator(mode="after")
    def _add_up_to_100(self) -> Weights:
        total = sum(self.of(criterion) for criterion in Criterion)
        if total != 100:
            raise ValueError(f"weights must add up to 100, not {total}")
        return self

    def of(self, criterion: Criterion) -> int:
        """The weight of one criterion."""
        return int(getattr(self, criterion.value))


class MinimumBudget(_Strict):
    """The smallest qualifying amount in one currency, in the period it is naturally quoted in."""

    amount: Annotated[Decimal, Field(gt=0)]
    period: Period


class BudgetRule(_Strict):
    """What counts as a qualifying budget."""

    minimums: dict[str, MinimumBudget]
    default_seats: Annotated[int, Field(ge=1)] = 1

    @field_validator("minimums")
    @classmethod
    def _iso_codes(cls, minimums: dict[str, MinimumBudget]) -> dict[str, MinimumBudget]:
        for code in minimums:
            if len(code) != 3 or not code.isalpha() or not code.isupper():
                raise ValueError(f"{code!r} is not an ISO 4217 currency code")
        return minimums


class TimelineRule(_Strict):
    """How close a deadline must be to count as urgent."""

    urgent_within_days: Annotated[int, Field(ge=0, le=3660)]


class CompanySizeRule(_Strict):
    """The head count from which a company qualifies."""

    minimum: Annotated[int, Field(ge=1)]


class Thresholds(_Strict):
    """Scores from which a lead is hot or warm; below warm it is cold."""

    hot: Annotated[int, Field(ge=0, le=100)]
    warm: Annotated[int, Field(ge=0, le=100)]

    @model_validator(mode="after")
    def _hot_above_warm(self) -> Thresholds:
        if self.hot <= self.warm:
            raise ValueError("hot must be above warm")
        return self


class Rubric(_Strict):
    """The whole scoring rubric."""

    version: Annotated[int, Field(ge=1, le=1)] = 1
    weights: Weights
    partial_credit: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    budget: BudgetRule
    timeline: TimelineRule
    company_size: CompanySizeRule
    thresholds: Thresholds


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Read a rubric YAML file (the shipped ``agent/facts/default_rubric.yaml`` when None).

    Raises:
        RubricError: the file cannot be read, is not YAML, or breaks the schema; the message names
            the field, e.g. ``weights.budget``.
    """
    raw, source = read_rubric_text(path)
    return parse_rubric(raw, f"rubric file {source}")


def read_rubric_text(path: str | Path | None = None) -> tuple[str, str]:
    """The rubric YAML of ``path`` (the shipped one when None) and where it came from; the
    console shows it as the text an admin starts editing from."""
    source = str(path) if path is not None else f"agent/facts/{DEFAULT_RUBRIC_FILE}"
    try:
        if path is None:
            raw = resources.files("agent.facts").joinpath(DEFAULT_RUBRIC_FILE).read_text("utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RubricError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return raw, source


def parse_rubric(raw: str, source: str) -> Rubric:
    """Validate rubric YAML text; RubricError names the field (``weights.budget``)."""
    return parse_config(raw, source, Rubric, RubricError)
