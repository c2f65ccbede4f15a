"""``aspinix qualify`` with a model configured, end to end in-process: the CLI reads the settings,
talks to the fake OpenAI-compatible server over real HTTP, falls back per conversation, and writes
one content-free audit entry per run into the workspace's chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.facts import load_rubric
from agent.qualify import qualify_conversation
from aspinix.cli import main
from aspinix.commands.model_run import AUDIT_ACTION
from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from fakes.openai_server import Error, FakeOpenAI
from store.crypto import encode_key, new_key
from tests.agent.test_model_extractor import LOTUS, RAW_VALUES, facts_call, record

SECOND = record("acme-7", ("prospect", "We're 12 people and need a shared inbox, by March."))


@pytest.fixture
def model_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAI) -> Path:
    """Settings pointing at the fake provider and a fresh data directory; returns the input."""
    for name in ("DATABASE_URL", "ASPINIX_DATABASE_URL", "ASPINIX_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ASPINIX_LLM_MODEL", fake_openai.model)
    monkeypatch.setenv("ASPINIX_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("ASPINIX_LLM_TIMEOUT_SECONDS", "2")
    monkeypatch.setenv("ASPINIX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASPINIX_MASTER_KEY", encode_key(new_key()))
    monkeypatch.setenv("ASPINIX_WORKSPACE", "acme")
    source = tmp_path / "conversations.jsonl"
    lines = (LOTUS, SECOND)
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    return source


def _outputs(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_model_run_falls_back_per_conversation_and_audits_the_run_without_content(
    model_env: Path,
    tmp_path: Path,
    fake_openai: FakeOpenAI,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_openai.script(Error(500, "upstream exploded", "server_error"), facts_call(team_size="12"))
    target = tmp_path / "leads.jsonl"
    code = main(["qualify", str(model_env), "--output", str(target), "--no-progress"])
    assert code == 0, capsys.readouterr().err
    first, second = _outputs(target)
    assert (first["id"], first["extractor"]) == ("lotus-1", "offline-fallback")
    assert first["facts"] == qualify_conversation(LOTUS, rubric=load_rubric())["facts"]
    assert (second["id"], second["extractor"]) == ("acme-7", "model")
    assert len(fake_openai.completion_requests) == 2
    sent = fake_openai.all_request_text().casefold()
    assert not [value for value in RAW_VALUES if value.casefold() in sent]
    assert "fake-model at 127.0.0.1" in capsys.readouterr().err

    store = open_store(Settings())
    with store.ledger() as ledger:
        entries = [entry for entry in ledger.audit.entries() if entry.action == AUDIT_ACTION]
    store.database.dispose()
    assert len(entries) == 1
    entry = entries[0]
    details = json.loads(entry.details)
    assert details["purpose"] == "lead_qualification"
    assert (details["recipient"], details["model"]) == ("127.0.0.1", fake_openai.model)
    assert details["prompt_version"] == "qualify@v1"
    assert (details["conversations"], details["fallbacks"], details["egress_blocked"]) == (2, 1, 0)
    assert details["redaction_counts"]["PERSON"] >= 1
    assert details["redaction_counts"]["IN_PAN"] == 1
    assert entry.subject == ""
    stored = f"{entry.details} {entry.subject} {entry.actor}".casefold()
    for value in (*RAW_VALUES, "lotus", "acme-7", "lakh", "shared inbox"):
        assert value.casefold() not in stored, f"{value!r} is in the audit entry"
    assert main(["audit", "verify", "--workspace", "acme"]) == 0


def test_offline_flag_sends_nothing_and_writes_no_audit_entry(
    model_env: Path, tmp_path: Path, fake_openai: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["qualify", str(model_env), "--offline"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["extractor"] for line in lines] == ["offline", "offline"]
    assert fake_openai.requests == []
    assert not (tmp_path / "data" / "aspinix.db").exists()


def test_a_store_that_cannot_take_the_audit_entry_stops_the_run_before_anything_is_sent(
    model_env: Path,
    fake_openai: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://aspinix@127.0.0.1:1/nowhere")  # refused
    assert main(["qualify", str(model_env)]) == 2
    captured = capsys.readouterr()
    assert "cannot reach the database" in captured.err and captured.out == ""
    assert fake_openai.requests == []
