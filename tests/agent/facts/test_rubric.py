"""The rubric file: the shipped default loads; a bad file fails naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.facts import RubricError, load_rubric
from agent.facts.models import Period


def test_default_rubric_loads() -> None:
    rubric = load_rubric()
    assert rubric.budget.minimums["INR"].period is Period.YEAR
    assert rubric.thresholds.hot > rubric.thresholds.warm


def _write(tmp_path: Path, change: dict[str, object]) -> Path:
    document = yaml.safe_load(
        (Path(__file__).parents[3] / "agent/facts/default_rubric.yaml").read_text()
    )
    for dotted, value in change.items():
        *parents, leaf = dotted.split(".")
        node = document
        for part in parents:
            node = node[part]
        node[leaf] = value
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weights.budget": "lots"}, "weights.budget"),
        ({"weights.budget": 60}, "weights"),
        ({"thresholds.hot": 10}, "thresholds"),
        ({"budget.minimums.INR.period": "fortnight"}, "budget.minimums.INR.period"),
        ({"budget.minimums.rupees": {"amount": 1, "period": "year"}}, "budget.minimums"),
        ({"timeline.urgent_within_days": -1}, "timeline.urgent_within_days"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_rubric_names_the_field(tmp_path: Path, change: dict[str, object], field: str) -> None:
    with pytest.raises(RubricError, match=f"invalid rubric file .*{field}"):
        load_rubric(_write(tmp_path, change))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="cannot read"):
        load_rubric(tmp_path / "nope.yaml")


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text("weights: [unclosed")
    with pytest.raises(RubricError, match="not valid YAML"):
        load_rubric(path)
