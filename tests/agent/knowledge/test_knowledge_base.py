"""Ingest and search against a real persistent chromadb and the real MiniLM model."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import chromadb
import pytest
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from agent.knowledge import KnowledgeBase, SourceNotFound
from tests.agent.knowledge.conftest import SAMPLE_DIR, stored
from tests.agent.knowledge.pdf import make_pdf

SAMPLE_FILES = {path.name for path in SAMPLE_DIR.iterdir()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, embedding_model: Any) -> Any:
    """The shipped sample knowledge base, ingested once for this module's read-only tests."""
    client = chromadb.PersistentClient(
        tmp_path_factory.mktemp("sample") / "chroma",
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    knowledge = KnowledgeBase(client, "tarang")
    return client, knowledge, knowledge.ingest(SAMPLE_DIR)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_sample_ingests_markdown_and_pdf_with_metadata(sample: Any) -> None:
    client, _, report = sample
    assert (report.added, report.failed, report.replaced, report.removed) == (7, 0, 0, 0)
    records = stored(client, "tarang")
    assert report.chunks_written == len(records)
    assert {r["source"] for r in records} == SAMPLE_FILES
    for record in records:
        assert set(record) == {"source", "chunk", "heading", "sha256", "text"}
        assert len(record["sha256"]) == 64 and len(record["text"].split()) <= 200
    pdf = [r for r in records if r["source"].endswith(".pdf")]
    assert pdf and {r["heading"] for r in pdf} == {"page 1"}
    pricing = sorted((r for r in records if r["source"] == "pricing.md"), key=lambda r: r["chunk"])
    assert [r["chunk"] for r in pricing] == list(range(len(pricing)))
    assert "Tarang CRM pricing > Plans > Growth" in {r["heading"] for r in pricing}


def test_search_finds_the_per_seat_price(sample: Any) -> None:
    _, knowledge, _ = sample
    hits = knowledge.search("how much does it cost per seat")
    assert len(hits) == 4
    assert hits[0].source == "pricing.md" and hits[0].heading.startswith("Tarang CRM pricing")
    assert "per seat per month" in hits[0].text
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)


def test_search_reaches_pdf_content(sample: Any) -> None:
    _, knowledge, _ = sample
    [hit] = knowledge.search("service credits if monthly uptime is below the commitment", k=1)
    assert (hit.source, hit.heading) == ("service-level-agreement.pdf", "page 1")


def test_unchanged_files_are_skipped(sample: Any) -> None:
    client, knowledge, _ = sample
    before = stored(client, "tarang")
    report = knowledge.ingest(SAMPLE_DIR)
    assert (report.unchanged, report.added, report.replaced, report.chunks_written) == (7, 0, 0, 0)
    assert stored(client, "tarang") == before


def test_search_edge_cases(kb: KnowledgeBase, tmp_path: Path) -> None:
    assert kb.search("anything") == []  # empty collection
    kb.ingest(write(tmp_path / "docs", "a.txt", "Support hours are 9 to 9 IST."))
    assert kb.search("   ") == []
    assert len(kb.search("support", k=10)) == 1
    with pytest.raises(ValueError, match="k must be at least 1"):
        kb.search("support", k=0)


def test_changed_file_is_replaced_without_stale_passages(
    kb: KnowledgeBase, client: ClientAPI, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    write(docs, "plans.md", "# Plans\n\nStarter is cheap.\n\n# Old offer\n\nDiwali discount 40%.")
    write(docs, "other.txt", "Unrelated text.")
    kb.ingest(docs)
    old = {r["sha256"] for r in stored(client, "acme") if r["source"] == "plans.md"}
    write(docs, "plans.md", "# Plans\n\nStarter costs 599 rupees per seat.")
    report = kb.ingest(docs)
    assert (report.replaced, report.unchanged, report.added) == (1, 1, 0)
    plans = [r for r in stored(client, "acme") if r["source"] == "plans.md"]
    assert [(r["heading"], r["text"], r["chunk"]) for r in plans] == [
        ("Plans", "Starter costs 599 rupees per seat.", 0)
    ]
    assert plans[0]["sha256"] not in old
    assert all("Diwali" not in hit.text for hit in kb.search("Diwali discount", k=5))


def test_deleted_file_is_removed_when_its_directory_is_ingested(
    kb: KnowledgeBase, client: ClientAPI, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    write(docs, "keep.md", "# Keep\n\nStays.")
    gone = write(docs, "sub/gone.txt", "Goes away.")
    kb.ingest(docs)
    assert {r["source"] for r in stored(client, "acme")} == {"keep.md", "sub/gone.txt"}
    gone.unlink()
    kb.ingest(write(docs, "extra.md", "Added alone."))  # one file: nothing else is touched
    assert {r["source"] for r in stored(client, "acme")} == {"keep.md", "sub/gone.txt", "extra.md"}
    report = kb.ingest(docs)
    assert (report.removed, report.unchanged) == (1, 2)
    assert {r["source"] for r in stored(client, "acme")} == {"keep.md", "extra.md"}


def test_unreadable_files_are_reported_and_the_rest_ingested(
    kb: KnowledgeBase, client: ClientAPI, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    write(docs, "good.md", "# Onboarding\n\nGo-live takes one to two weeks.")
    write(docs, "brochure.pdf", make_pdf([["Mobile app for Android and iOS."]]))
    write(docs, "broken.pdf", b"%PDF-1.4\n1 0 obj <<< garbage")
    write(docs, "latin1.txt", "Preis: 5 €".encode("cp1252"))
    write(docs, ".hidden/secret.md", "never indexed")
    write(docs, "notes.docx", b"not a supported type")
    report = kb.ingest(docs)
    assert (report.added, report.failed) == (2, 2)
    reasons = {failure.source: failure.reason for failure in report.failures}
    assert reasons.keys() == {"broken.pdf", "latin1.txt"}
    assert "not a readable PDF" in reasons["broken.pdf"] and "UTF-8" in reasons["latin1.txt"]
    assert {r["source"] for r in stored(client, "acme")} == {"good.md", "brochure.pdf"}
    assert kb.search("how long until we go live", k=1)[0].source == "good.md"


def test_a_path_that_is_not_a_source_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match="neither a directory"):
        kb.ingest(tmp_path / "missing")
    with pytest.raises(SourceNotFound):
        kb.ingest(write(tmp_path, "sheet.xlsx", b"x"))


def test_workspaces_are_isolated(client: ClientAPI, embedding_model: Any, tmp_path: Path) -> None:
    acme, globex = KnowledgeBase(client, "acme"), KnowledgeBase(client, "globex")
    acme.ingest(write(tmp_path / "acme", "pricing.md", "# Pricing\n\nAcme costs 10 per seat."))
    shutil.copytree(tmp_path / "acme", tmp_path / "globex")
    write(tmp_path / "globex", "pricing.md", "# Pricing\n\nGlobex costs 99 per seat.")
    globex.ingest(tmp_path / "globex")
    assert [h.text for h in acme.search("price per seat", k=5)] == ["Acme costs 10 per seat."]
    assert [h.text for h in globex.search("price per seat", k=5)] == ["Globex costs 99 per seat."]
    (tmp_path / "globex" / "pricing.md").unlink()
    assert globex.ingest(tmp_path / "globex").removed == 1  # removes from globex only
    assert globex.search("price per seat") == []
    assert len(acme.search("price per seat")) == 1
