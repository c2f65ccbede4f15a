"""Held-out accuracy of the lead-fact parsers: budget, team size and timeline end date.

Each line of ``benchmarks/data/facts_cases.jsonl`` is one prospect sentence with the day it was
said and the expected value of every fact (null: the sentence states none, and the parser must not
invent one), so a case checks both recall and false positives. The sentences were written without
looking at the parsers' patterns; misses are listed so they can be studied, not patched one by one.

Run: ``.venv/bin/python -m benchmarks.facts_benchmark [cases.jsonl]``
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from agent.facts import parse_budget, parse_team_size, parse_timeline

CASES = Path(__file__).parent / "data" / "facts_cases.jsonl"


def _budget(text: str, today: date) -> Any:
    budget = parse_budget(text)
    if budget is None:
        return None
    return {"amount": budget.amount, "currency": budget.currency, "period": budget.period.value}


def _expected_budget(value: Any) -> Any:
    return None if value is None else {**value, "amount": Decimal(value["amount"])}


def _team_size(text: str, today: date) -> Any:
    del today  # head counts do not depend on the date
    size = parse_team_size(text)
    return None if size is None else size.value


def _timeline_end(text: str, today: date) -> Any:
    timeline = parse_timeline(text, today)
    return None if timeline is None else timeline.end.isoformat()


FACTS: dict[str, tuple[Callable[[str, date], Any], Callable[[Any], Any]]] = {
    "budget": (_budget, _expected_budget),
    "team_size": (_team_size, lambda value: value),
    "timeline_end": (_timeline_end, lambda value: value),
}


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else CASES
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    print(f"{len(cases)} cases from {path}")
    for name, (parse, expected_of) in FACTS.items():
        misses = []
        for case in cases:
            got = parse(case["text"], date.fromisoformat(case["today"]))
            expected = expected_of(case[name])
            if got != expected:
                misses.append(f"    {case['text']!r}: expected {expected}, got {got}")
        correct = len(cases) - len(misses)
        stated = sum(case[name] is not None for case in cases)
        print(
            f"{name:13s} {correct / len(cases):7.1%}  ({correct}/{len(cases)}; "
            f"{stated} stating one)"
        )
        for miss in misses:
            print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
