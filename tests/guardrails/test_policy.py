"""The policy loader accepts the shipped file and rejects bad ones, naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails.errors import PolicyError
from guardrails.policy import Operator, load_policy


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_default_policy_loads() -> None:
    policy = load_policy()
    assert "PERSON" in policy.enabled_types()
    assert policy.rule_for("PHONE_NUMBER").operator is Operator.PLACEHOLDER


def test_rules_and_allow_list(tmp_path: Path) -> None:
    policy = load_policy(
        write(
            tmp_path,
            "entities:\n  IP_ADDRESS: {enabled: false}\n  PERSON: {operator: mask}\n"
            "allow_list: [Aspinix]\n",
        )
    )
    assert "IP_ADDRESS" not in policy.enabled_types()
    assert policy.rule_for("PERSON").operator is Operator.MASK
    assert policy.allow_list == ("Aspinix",)


@pytest.mark.parametrize(
    "body, field",
    [
        ("entities:\n  PHONE_NUMBER: {operator: shred}\n", "entities.PHONE_NUMBER.operator"),
        ("entities:\n  PHONE: {threshold: 0.5}\n", "entities.PHONE"),
        ("default_threshold: 1.5\n", "default_threshold"),
        ("time_budget_ms: 0\n", "time_budget_ms"),
        ("allow_list: ['  ']\n", "allow_list"),
        ("colour: blue\n", "colour"),
    ],
)
def test_bad_fields_are_named(tmp_path: Path, body: str, field: str) -> None:
    with pytest.raises(PolicyError, match=field.replace(".", r"\.")):
        load_policy(write(tmp_path, body))


def test_unreadable_and_non_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")
    with pytest.raises(PolicyError, match="not valid YAML"):
        load_policy(write(tmp_path, "entities: [unclosed\n"))
    with pytest.raises(PolicyError, match="mapping"):
        load_policy(write(tmp_path, "- a list\n"))
