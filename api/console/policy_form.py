"""The policy editor's form: every input named by the schema's dotted field name
(``entities.PERSON.threshold``), read into a :class:`Policy` through the pydantic model, so a
problem the schema finds is shown next to the input that has it, under the same name.

The form covers every entity type (on or off, threshold, operator), the allow-list (one term
per line) and the two limits; each type's rule is written out in full, so the policy-wide
defaults never decide anything a saved version does not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from api.console.errors import ConsoleError
from guardrails.entities import EntityType
from guardrails.policy import Operator, Policy
from guardrails.yaml_config import field_problems

ALLOW_LIST = "allow_list"
LIMITS = ("time_budget_ms", "max_text_chars")
NOTE = "note"
NOTE_LIMIT = 500  # PolicyVersion.note's column


class PolicyFormInvalid(ConsoleError):
    """The form does not make a valid policy; ``problems`` maps each input's name to what is
    wrong with it, and the message names them all."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))


def rule_field(entity_type: str, setting: str) -> str:
    """The name of one setting's input (and of the schema field it fills)."""
    return f"entities.{entity_type}.{setting}"


@dataclass(frozen=True)
class RuleRow:
    """One entity type's inputs, as shown: text, so a refused value is shown as typed."""

    entity_type: str
    enabled: bool
    threshold: str
    operator: str


@dataclass(frozen=True)
class PolicyForm:
    """The editor's values: a stored policy's, or what an admin submitted."""

    rules: tuple[RuleRow, ...]
    allow_list: str
    limits: dict[str, str]

    @classmethod
    def from_policy(cls, policy: Policy) -> PolicyForm:
        """The inputs showing ``policy``, each type's rule resolved through the defaults."""
        rules = []
        for entity_type in EntityType:
            rule = policy.rule_for(entity_type)
            rules.append(
                RuleRow(entity_type.value, rule.enabled, str(rule.threshold), rule.operator.value)
            )
        return cls(
            rules=tuple(rules),
            allow_list="\n".join(policy.allow_list),
            limits={name: str(getattr(policy, name)) for name in LIMITS},
        )

    @classmethod
    def from_submitted(cls, form: Mapping[str, Any]) -> PolicyForm:
        """The values of a submitted form (a missing checkbox is a type turned off)."""

        def text(name: str) -> str:
            value = form.get(name, "")
            return value if isinstance(value, str) else ""

        return cls(
            rules=tuple(
                RuleRow(
                    entity_type.value,
                    enabled=bool(text(rule_field(entity_type, "enabled"))),
                    threshold=text(rule_field(entity_type, "threshold")).strip(),
                    operator=text(rule_field(entity_type, "operator")),
                )
                for entity_type in EntityType
            ),
            allow_list=text(ALLOW_LIST),
            limits={name: text(name).strip() for name in LIMITS},
        )

    def terms(self) -> list[str]:
        """The allow-list: one term per line, blank lines and repeats left out."""
        stripped = (line.strip() for line in self.allow_list.splitlines())
        return [term for term in dict.fromkeys(stripped) if term]

    def to_policy(self, hash_key_set: bool) -> Policy:
        """The policy these values make, validated by the schema itself.

        Raises:
            PolicyFormInvalid: naming each input the schema (or this server) refuses; the
                hash operator needs ASPINIX_HASH_KEY, or the workers could not apply it.
        """
        document = {
            "entities": {
                row.entity_type: {
                    "enabled": row.enabled,
                    "threshold": row.threshold,
                    "operator": row.operator,
                }
                for row in self.rules
            },
            ALLOW_LIST: self.terms(),
            **self.limits,
        }
        try:
            policy = Policy.model_validate(document)
        except ValidationError as exc:
            raise PolicyFormInvalid(dict(field_problems(exc))) from None
        if not hash_key_set:
            unkeyed = {
                rule_field(row.entity_type, "operator"): "the hash operator needs "
                "ASPINIX_HASH_KEY set on the server; choose another operator"
                for row in self.rules
                if policy.rule_for(row.entity_type).operator is Operator.HASH
            }
            if unkeyed:
                raise PolicyFormInvalid(unkeyed)
        return policy


def read_note(form: Mapping[str, Any]) -> str:
    """The optional note saved with a version (PolicyFormInvalid when too long)."""
    value = form.get(NOTE, "")
    note = value.strip() if isinstance(value, str) else ""
    if len(note) > NOTE_LIMIT:
        raise PolicyFormInvalid({NOTE: f"at most {NOTE_LIMIT} characters"})
    return note
