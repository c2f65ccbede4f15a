"""The CLI contract, run as a real process: JSON Lines in, one line out per input, in order."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from aspinix.commands.demo import CONVERSATION


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aspinix.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_redact_contract(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": 1, "text": "call rahul on 98765 43210"}\n'
        "not json\n"
        '{"id": "b", "text": "50 seats by March, mail a.b@acme.in"}\n'
        '{"text": "no id"}\n',
        encoding="utf-8",
    )
    result = run(["redact", str(source)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == [1, None, "b", None]
    assert lines[0]["redacted"] == "call <PERSON_1> on <PHONE_NUMBER_1>"
    phone = lines[0]["entities"][1]
    assert (phone["type"], phone["start"], phone["end"]) == ("PHONE_NUMBER", 14, 25)
    assert 0.5 <= phone["score"] <= 1.0
    assert lines[1] == {"id": None, "line": 2, "error": lines[1]["error"]}
    assert lines[2]["redacted"] == "50 seats by March, mail <EMAIL_ADDRESS_1>"
    assert lines[3]["line"] == 4 and "id" in lines[3]["error"]
    assert "line 2" in result.stderr and "line 4" in result.stderr
    assert result.returncode == 1


def test_redact_reads_stdin_and_never_logs_text() -> None:
    result = run(["redact"], stdin='{"id": 7, "text": "I am Priya Sharma"}\n')
    assert result.returncode == 0
    assert json.loads(result.stdout)["redacted"] == "I am <PERSON_1>"
    assert "Priya" not in result.stderr


def test_help_does_not_load_heavy_dependencies() -> None:
    started = time.perf_counter()
    code = (
        "import sys; from aspinix.cli import _parser; _parser().format_help(); "
        "print(sorted(m for m in ('spacy', 'torch', 'langchain', 'presidio_analyzer', "
        "'chromadb') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert time.perf_counter() - started < 60


def test_bad_policy_fails_at_start_up(tmp_path: Path) -> None:
    policy = tmp_path / "bad.yaml"
    policy.write_text("entities:\n  PHONE_NUMBER: {operator: shred}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "aspinix.cli", "redact"],
        input="",
        capture_output=True,
        text=True,
        env={"ASPINIX_POLICY_FILE": str(policy), "PATH": ""},
        check=False,
    )
    assert result.returncode == 2
    assert "entities.PHONE_NUMBER.operator" in result.stderr


def test_demo_runs_offline() -> None:
    result = run(["demo"])
    assert result.returncode == 0
    assert "<PERSON_1>" in result.stdout and "<EMAIL_ADDRESS_1>" in result.stdout
    assert "Thanks priya!" in result.stdout
    # Part 2 went through the real webhook and worker: every turn has a draft and a lead card.
    assert result.stdout.count("prospect wrote>") == len(CONVERSATION)
    assert result.stdout.count("reply (draft) >") == len(CONVERSATION)
    last_card = result.stdout.rsplit("lead card     >", 1)[1]
    assert "(hot)" in last_card.splitlines()[0]
    # Part 3: two mails of one thread through the fake Gmail, each answered in the thread.
    mail_part = result.stdout.split("--- Part 3", 1)[1]
    assert mail_part.count("prospect mailed>") == 2
    assert mail_part.count("Subject: Re: CRM for our sales team") >= 2
    threads = {line.split()[-1] for line in mail_part.splitlines() if "Gmail thread:" in line}
    assert len(threads) == 1
    model_saw = [block.split("reply (draft)", 1)[0] for block in mail_part.split("model saw")[1:]]
    assert len(model_saw) == 2 and "40 people" in model_saw[0]
    for seen in model_saw:  # no signature, no quoted history, no name
        assert "+91 98765" not in seen and "Surat expo" not in seen and "Priya" not in seen
