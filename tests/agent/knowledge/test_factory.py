"""Opening the knowledge base from settings: the embedded store, or a Chroma server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.knowledge import InvalidChromaUrl, KnowledgeBaseUnavailable, open_knowledge_base
from aspinix.settings import Settings


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Settings]:
    monkeypatch.setenv("ASPINIX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASPINIX_WORKSPACE", "acme")
    for name in ("CHROMA_URL", "ASPINIX_CHROMA_URL"):
        monkeypatch.delenv(name, raising=False)
    yield Settings()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_embedded_store_lives_under_the_data_dir(
    settings: Settings, embedding_model: Any, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "faq.md").write_text("# FAQ\n\nThere is a 14-day free trial.", encoding="utf-8")
    open_knowledge_base(settings).ingest(docs)
    assert (tmp_path / "data" / "chroma").is_dir()
    [hit] = open_knowledge_base(settings).search("free trial", k=1)  # reopened
    assert (hit.source, hit.heading) == ("faq.md", "FAQ")


def test_chroma_url_is_read_from_either_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMA_URL", "http://chroma:8000")
    assert Settings().chroma_url == "http://chroma:8000"
    monkeypatch.delenv("CHROMA_URL")
    monkeypatch.setenv("ASPINIX_CHROMA_URL", "https://kb.example")
    assert Settings().chroma_url == "https://kb.example"


@pytest.mark.parametrize(
    "url", ["chroma:8000", "ftp://chroma", "http://", "http://chroma:99999", "http://chroma/kb"]
)
def test_malformed_chroma_url(settings: Settings, url: str) -> None:
    settings.chroma_url = url
    with pytest.raises(InvalidChromaUrl, match="CHROMA_URL"):
        open_knowledge_base(settings)


def test_unreachable_server_says_what_to_check(settings: Settings) -> None:
    settings.chroma_url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(KnowledgeBaseUnavailable, match=r"is it running.*CHROMA_URL"):
        open_knowledge_base(settings)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (the ``chroma`` program chromadb installs) on a free local port."""
    program = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which(
        "chroma"
    )
    if program is None:
        pytest.skip("the chroma server program is not installed")
    port = free_port()
    server = subprocess.Popen(
        [program, "run", "--path", str(tmp_path_factory.mktemp("server")), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/api/v2/heartbeat", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the chroma server did not start")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_chroma_server_via_chroma_url(
    settings: Settings, chroma_server: str, embedding_model: Any, tmp_path: Path
) -> None:
    settings.chroma_url = chroma_server
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "pricing.md").write_text("# Pricing\n\nGrowth is 1,199 rupees per seat.", "utf-8")
    report = open_knowledge_base(settings).ingest(docs)
    assert report.added == 1
    [hit] = open_knowledge_base(settings).search("cost per user", k=1)
    assert (hit.source, hit.heading) == ("pricing.md", "Pricing")
    settings.workspace = "other"
    assert open_knowledge_base(settings).search("cost per user") == []
