"""The offline agent stays pure Python: importing it never loads a model stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("langchain", "torch", "presidio_analyzer", "presidio_anonymizer", "spacy")


@pytest.mark.parametrize("module", ["agent.facts", "agent.qualify", "agent.playbook"])
def test_import_loads_no_model_stack(module: str) -> None:
    probe = (
        f"import sys, {module}; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
