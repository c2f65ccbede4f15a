"""agent.facts stays pure Python: importing it never loads a model stack."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("langchain", "torch", "presidio_analyzer", "presidio_anonymizer", "spacy")


def test_import_loads_no_model_stack() -> None:
    probe = (
        "import sys, agent.facts; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
