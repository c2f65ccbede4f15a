"""Opening the knowledge base is cheap: importing it loads chromadb but not the model stack,
which waits for the first embedding."""

from __future__ import annotations

import subprocess
import sys

MODEL_STACK = ("torch", "transformers", "sentence_transformers", "huggingface_hub", "onnxruntime")


def test_import_loads_no_model_stack() -> None:
    probe = (
        "import sys, agent.knowledge; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({MODEL_STACK!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
