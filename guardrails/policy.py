"""The guardrail policy: which entity types, thresholds, operators and allow-list terms.

Policy is data, not code, so an admin can change it without a deploy. The schema is the pydantic
model below; ``load_policy`` turns any schema violation into a :class:`PolicyError` that names the
offending field, so a bad file fails at start-up instead of silently weakening the guardrail.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from guardrails.entities import EntityType
from guardrails.errors import PolicyError
from guardrails.yaml_config import parse_config, read_config_text

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
    raw, source = read_config_text(path, DEFAULT_POLICY_FILE, PolicyError)
    return parse_policy(raw, f"policy file {source}")


def parse_policy(raw: str, source: str = "policy") -> Policy:
    """Validate policy YAML text (a file's, or a version stored in the database)."""
    return parse_config(raw, source, Policy, PolicyError)


def policy_yaml(policy: Policy) -> str:
    """The policy as the YAML a version stores: built from the model, never by templating, so
    what is stored always parses back to the same policy."""
    return yaml.safe_dump(policy.model_dump(mode="json"), sort_keys=False)
