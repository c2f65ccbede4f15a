"""``aspinix chat`` in process: the playbook with no key, the model (the fake server) with one,
and ``--show-egress`` printing exactly what the provider received."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aspinix.cli import main
from fakes.openai_server import FakeOpenAI, Text


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ASPINIX_DATA_DIR", str(tmp_path / "data"))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DATABASE_URL", "CHROMA_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _chat(monkeypatch: pytest.MonkeyPatch, lines: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    return main(["chat", *args])


def test_chat_without_a_key_uses_the_playbook(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = "Hi, we need a CRM for our sales team of 20 people\nBudget is ₹5 lakh a year\n/quit\n"
    assert _chat(monkeypatch, lines) == 0
    out = capsys.readouterr().out
    assert "scripted playbook (no OPENAI_API_KEY)" in out
    assert out.count("assistant (playbook)>") == 2
    assert out.count("Privacy:") == 1  # the notice joins the first reply only
    assert "lead score" in out


def test_chat_with_a_model_shows_the_egress(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fake_openai: FakeOpenAI,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ASPINIX_LLM_MODEL", fake_openai.model)
    fake_openai.script(Text("Hello <PERSON_1>, we will call <PHONE_NUMBER_1>."))
    lines = "hi this is priya, call me on 98765 43210\n"
    assert _chat(monkeypatch, lines, "--show-egress", "--name", "Priya Sharma") == 0
    out = capsys.readouterr().out
    egress = [line for line in out.splitlines() if line.startswith("  │")]
    assert any("<PERSON_1>" in line and "<PHONE_NUMBER_1>" in line for line in egress)
    assert not any("98765" in line or "priya" in line.casefold() for line in egress)
    assert "assistant (ai)> Hello Priya Sharma, we will call 98765 43210." in out
    assert "98765" not in fake_openai.all_request_text()
