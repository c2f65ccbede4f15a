"""``aspinix kb ingest`` and ``aspinix kb search`` end to end, in process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aspinix.cli import main
from tests.agent.knowledge.conftest import SAMPLE_DIR


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ASPINIX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASPINIX_WORKSPACE", "tarang")
    for name in ("CHROMA_URL", "ASPINIX_CHROMA_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_ingest_then_search(
    env: Path, embedding_model: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "search", "price"]) == 0
    assert "no passages found in workspace tarang" in capsys.readouterr().err

    assert main(["kb", "ingest", str(SAMPLE_DIR), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("workspace tarang: 7 added, 0 replaced, 0 unchanged, 0 removed")

    assert main(["kb", "ingest", str(SAMPLE_DIR)]) == 0
    assert "0 added, 0 replaced, 7 unchanged" in capsys.readouterr().out

    assert main(["kb", "search", "how much does it cost per seat", "-k", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4  # two hits: a header line and a snippet each
    score, source = lines[0].split()[:2]
    assert 0 < float(score) <= 1 and source == "pricing.md"
    assert "per seat" in lines[1]


def test_ingest_reports_failed_files(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = env / "docs"
    docs.mkdir()
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    assert main(["kb", "ingest", str(docs), "--no-progress"]) == 1
    captured = capsys.readouterr()
    assert "aspinix kb: broken.pdf: not a readable PDF" in captured.err
    assert "1 failed" in captured.out


def test_configuration_problems_exit_2(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "ingest", str(env / "missing")]) == 2
    assert "neither a directory" in capsys.readouterr().err
    assert main(["kb", "search", "x", "-k", "0"]) == 2
    monkeypatch.setenv("CHROMA_URL", "ftp://nowhere")
    assert main(["kb", "search", "x"]) == 2
    assert "aspinix: CHROMA_URL 'ftp://nowhere'" in capsys.readouterr().err
