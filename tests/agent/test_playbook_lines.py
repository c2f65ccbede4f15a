"""The playbook wording file: the shipped one loads; a broken one fails naming the key."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from agent.errors import PlaybookConfigError
from agent.playbook_lines import load_playbook_lines, parse_playbook_lines

SHIPPED = resources.files("prompts").joinpath("playbook.v1.yaml").read_text("utf-8")


def _broken(change: str, value: object) -> str:
    document = yaml.safe_load(SHIPPED)
    *parents, leaf = change.split(".")
    node = document
    for part in parents:
        node = node[part]
    if value is None:
        del node[leaf]
    else:
        node[leaf] = value
    return yaml.safe_dump(document, allow_unicode=True)


def test_shipped_lines_load_with_their_ref() -> None:
    lines = load_playbook_lines()
    assert lines.ref == "playbook@v1"
    assert lines.en.questions.budget and lines.hi.questions.budget
    assert load_playbook_lines(1) == lines


@pytest.mark.parametrize(
    ("change", "value", "names"),
    [
        ("hi.questions.budget", None, "hi.questions.budget: Field required"),
        ("en.completion", "Thanks!", "en.completion: Value error, must use {summary}"),
        ("en.knowledge_answer", "{heading}: {text}", "en.knowledge_answer"),
        ("en.intro", "Hello {name}", "en.intro: Value error, must use no placeholders"),
        ("order", ["need", "budget"], "order: Value error, must list each of"),
        ("order", ["need", "need", "budget", "timeline", "authority"], "order"),
        ("knowledge.min_score", 2, "knowledge.min_score"),
        ("en.summary.periods.seat_year", None, "en.summary.periods.seat_year"),
    ],
)
def test_broken_file_names_the_key(change: str, value: object, names: str) -> None:
    with pytest.raises(PlaybookConfigError, match="playbook prompt test@v9") as error:
        parse_playbook_lines(_broken(change, value), "test@v9")
    assert names in str(error.value)


def test_not_yaml_and_unknown_version() -> None:
    with pytest.raises(PlaybookConfigError, match="not valid YAML"):
        parse_playbook_lines("en: [unclosed", "test@v9")
    with pytest.raises(PlaybookConfigError, match="no version 99"):
        load_playbook_lines(99)
