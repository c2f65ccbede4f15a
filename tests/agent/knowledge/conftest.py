"""Knowledge-base fixtures: the real MiniLM model, loaded once per test session, and real
chromadb persistent clients in temporary directories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
import pytest
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from agent.knowledge import KnowledgeBase, collection_name, load_model

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "examples" / "knowledge_base"


@pytest.fixture(scope="session")
def embedding_model() -> Any:
    """The model every knowledge test shares (the loader caches it for the process)."""
    return load_model()


@pytest.fixture
def client(tmp_path: Path) -> ClientAPI:
    return chromadb.PersistentClient(
        tmp_path / "chroma", settings=ChromaSettings(anonymized_telemetry=False)
    )


@pytest.fixture
def kb(client: ClientAPI, embedding_model: Any) -> KnowledgeBase:
    return KnowledgeBase(client, "acme")


def stored(client: ClientAPI, workspace: str) -> list[dict[str, Any]]:
    """Every stored passage of a workspace: its metadata plus ``text``."""
    records = client.get_collection(collection_name(workspace)).get(
        include=["metadatas", "documents"]
    )
    return [
        {**metadata, "text": text}
        for metadata, text in zip(
            records["metadatas"] or [], records["documents"] or [], strict=True
        )
    ]
