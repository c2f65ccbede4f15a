"""The guardrail policy: which entity types, thresholds, operators and allow-list terms.

Policy is data, not code, so an admin can change it without a deploy. The schema is the pydantic
model below; ``load_policy`` turns any schema violation into a :class:`PolicyError` that names the
offending field, so a bad file fails at start-up instead of silently weakening the guardrail.
"""

from __future__ import annotations

from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from guardrails.entities import EntityType
from guardrails.errors import PolicyError

DEFAULT_POLICY_FILE = "default_policy.yaml"


class Operator(StrEnum):
    """What replaces a detected value."""

    PLACEHOLDER = "placeholder"  # reversible "<PERSON_1>", resolved only by the vault
    MASK = "mask"  # "98******10": keeps a hint for humans, not reversible
    HASH = "hash"  # keyed HMAC-SHA256, stable across conversations, not reversible
    REMOVE = "remove"  # the value disappears


class EntityRule(BaseModel):
    """How one entity type is treated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    threshold: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    operator: Operator = Operator.PLACEHOLDER


class Policy(BaseModel):
    """The whole guardrail policy. Types not listed in ``entities`` use the defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[int, Field(ge=1, le=1)] = 1
    default_threshold: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    default_operator: Operator = Operator.PLACEHOLDER
    entities: dict[EntityType, EntityRule] = Field(default_factory=dict)
    allow_list: tuple[str, ...] = ()
    time_budget_ms: Annotated[int, Field(gt=0, le=60_000)] = 2_000
    max_text_chars: Annotated[int, Field(gt=0, le=1_000_000)] = 20_000

    @field_validator("allow_list")
    @classmethod
    def _no_blank_terms(cls, terms: tuple[str, ...]) -> tuple[str, ...]:
        if any(not term.strip() for term in terms):
            raise ValueError("allow-list terms must not be blank")
        return terms

    def rule_for(self, entity_type: str) -> EntityRule:
        """The rule for a type, falling back to the policy-wide defaults."""
        try:
            return self.entities[EntityType(entity_type)]
        except (KeyError, ValueError):
            return EntityRule(threshold=self.default_threshold, operator=self.default_operator)

    def enabled_types(self) -> frozenset[str]:
        """Every entity type the guardrail should look for."""
        return frozenset(t.value for t in EntityType if self.rule_for(t).enabled)


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy YAML file (the shipped default when ``path`` is None).

    Raises:
        PolicyError: the file cannot be read, is not YAML, or breaks the schema; the message
            names the field, e.g. ``entities.PHONE_NUMBER.operator``.
    """
    source = str(path) if path is not None else f"guardrails/data/{DEFAULT_POLICY_FILE}"
    try:
        if path is None:
            raw = resources.files("guardrails.data").joinpath(DEFAULT_POLICY_FILE).read_text()
        else:
            raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"cannot read policy file {source}: {exc.strerror or exc}") from exc
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy file {source} is not valid YAML: {exc}") from exc
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise PolicyError(f"policy file {source} must hold a mapping at the top level")
    try:
        return Policy.model_validate(document)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top level)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise PolicyError(f"invalid policy file {source}: {problems}") from exc
