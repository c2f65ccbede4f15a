"""Opening the configured workspace's knowledge base: on local disk, or on a Chroma server.

Embedded by default, a persistent chromadb under ``<data_dir>/chroma``, so one machine needs no
server; with CHROMA_URL set, a Chroma server that several workers share. chromadb's anonymous
telemetry is switched off either way: Aspinix makes no call home.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings as ChromaSettings

from agent.knowledge.errors import InvalidChromaUrl, KnowledgeBaseUnavailable
from agent.knowledge.knowledge_base import KnowledgeBase

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

logger = logging.getLogger(__name__)
DEFAULT_PORTS = {"http": 8000, "https": 443}


class KnowledgeSettings(Protocol):
    """The settings the knowledge base reads (``aspinix.settings.Settings`` has them)."""

    @property
    def data_dir(self) -> Path:
        """Where the embedded store lives, under ``chroma/``."""

    @property
    def workspace(self) -> str:
        """The workspace slug; one collection per workspace."""

    @property
    def chroma_url(self) -> str | None:
        """A Chroma server to use instead of the embedded store."""


def open_knowledge_base(settings: KnowledgeSettings) -> KnowledgeBase:
    """The knowledge base of ``settings.workspace``, or KnowledgeBaseUnavailable saying what to
    check (InvalidChromaUrl for a malformed CHROMA_URL)."""
    client = _http_client(settings.chroma_url) if settings.chroma_url else _local_client(settings)
    return KnowledgeBase(client, settings.workspace)


def _local_client(settings: KnowledgeSettings) -> ClientAPI:
    path = settings.data_dir / "chroma"
    logger.info("knowledge store", extra={"kind": "persistent"})
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path, settings=ChromaSettings(anonymized_telemetry=False))
    except OSError as exc:
        raise KnowledgeBaseUnavailable(
            f"cannot open the knowledge store at {path}: {exc.strerror or exc}; "
            "check that ASPINIX_DATA_DIR is writable"
        ) from exc


def _http_client(url: str) -> ClientAPI:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidChromaUrl(f"CHROMA_URL {url!r}: {exc}") from exc
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        raise InvalidChromaUrl(
            f"CHROMA_URL {url!r} is not an address like http://chroma:8000 (scheme http or "
            "https, a host, an optional port, no path)"
        )
    logger.info("knowledge store", extra={"kind": "http"})
    try:
        return chromadb.HttpClient(
            host=parts.hostname,
            port=port or DEFAULT_PORTS[parts.scheme],
            ssl=parts.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except ValueError as exc:  # chromadb's way of saying the server did not answer
        raise KnowledgeBaseUnavailable(
            f"cannot reach the Chroma server at {url} ({exc}): is it running and reachable from "
            "here? Check CHROMA_URL, or unset it to use the embedded store under ASPINIX_DATA_DIR"
        ) from exc
