"""Qualifying recorded conversations: facts and score per line, errors per line, CLI end to end."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.extractor import OfflineExtractor
from agent.facts import load_rubric
from agent.qualify import parse_conversation, qualify_conversation, qualify_lines
from aspinix.cli import main

RUBRIC = load_rubric()


@pytest.fixture(autouse=True)
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """These runs are offline whatever the environment says (the model run has its own tests)."""
    for name in ("OPENAI_API_KEY", "ASPINIX_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def conversation(record_id: Any, *turns: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "id": record_id,
        "messages": [{"from": sender, "text": text, "ts": ts} for sender, text, ts in turns],
    }


INDIA = conversation(
    "lotus-1",
    ("prospect", "Hi, we need a WhatsApp CRM for our sales team.", "2026-11-25T10:00:00+05:30"),
    ("business", "Happy to help! What budget do you have in mind?", "2026-11-25T10:01:00+05:30"),
    ("prospect", "Around ₹5 lakh per year. I'm the founder.", "2026-11-25T10:04:00+05:30"),
    ("prospect", "We're 35 people and want it live by March.", "2026-11-25T10:06:00+05:30"),
)
US_MONTHLY = conversation(
    42,
    ("prospect", "We're looking for a lead-scoring tool for inbound chats", "2026-11-25T15:00:00Z"),
    ("prospect", "We can spend $8k a month, starting next quarter.", "2026-11-25T15:02:00Z"),
    ("prospect", "My manager decides, I need to check with my boss.", "2026-11-25T15:03:00Z"),
)
PER_SEAT = conversation(
    "seat",
    ("prospect", "Budget is €12.50/user/month for a team of 60.", "2026-11-25T09:00:00+01:00"),
)
CRORE = conversation(
    "crore",
    ("prospect", "A company of 2000 employees, total budget 1.5 crore.", "2026-11-25T10:00:00"),
)
HINGLISH = conversation(
    "hinglish",
    ("prospect", "hume WhatsApp leads ke liye CRM chahiye", "2026-11-25T11:00:00+05:30"),
    ("business", "Budget kitna hai?", "2026-11-25T11:01:00+05:30"),
    ("prospect", "budget 5 lakh saal ka, hum 40 log hain", "2026-11-25T11:02:00+05:30"),
    ("prospect", "main hi decide karunga, agle mahine tak chahiye", "2026-11-25T11:03:00+05:30"),
)


def test_indian_lakh_budget_by_march() -> None:
    result = qualify_conversation(INDIA, rubric=RUBRIC)
    facts = result["facts"]
    assert result["id"] == "lotus-1"
    assert facts["budget"] == {
        "amount": 500000,
        "currency": "INR",
        "period": "year",
        "text": "₹5 lakh per year",
    }
    assert type(facts["budget"]["amount"]) is int
    assert facts["timeline"]["start"] == "2026-11-25"
    assert facts["timeline"]["end"] == "2027-03-31"
    assert facts["team_size"] == {"value": 35, "text": "We're 35 people"}
    assert facts["authority"] == {"text": "I'm the founder", "is_decision_maker": True}
    assert facts["need"]["text"].startswith("we need a WhatsApp CRM")
    assert facts["company_size"] is None
    assert (result["score"], result["priority"]) == (90, "hot")
    assert len(result["reasons"]) == 5


def test_usd_per_month_next_quarter_and_someone_else_decides() -> None:
    facts = qualify_conversation(US_MONTHLY, rubric=RUBRIC)["facts"]
    assert facts["budget"]["amount"] == 8000
    assert (facts["budget"]["currency"], facts["budget"]["period"]) == ("USD", "month")
    assert (facts["timeline"]["start"], facts["timeline"]["end"]) == ("2027-01-01", "2027-03-31")
    assert facts["authority"]["is_decision_maker"] is False


def test_per_seat_amount_is_a_float_when_not_whole() -> None:
    facts = qualify_conversation(PER_SEAT, rubric=RUBRIC)["facts"]
    assert facts["budget"]["amount"] == 12.5
    assert type(facts["budget"]["amount"]) is float
    assert (facts["budget"]["currency"], facts["budget"]["period"]) == ("EUR", "seat_month")
    assert facts["team_size"]["value"] == 60


def test_crore_and_company_size() -> None:
    facts = qualify_conversation(CRORE, rubric=RUBRIC)["facts"]
    assert facts["budget"]["amount"] == 15_000_000
    assert facts["budget"]["period"] == "once"
    assert facts["company_size"]["value"] == 2000
    assert facts["team_size"] is None


def test_hinglish_conversation() -> None:
    result = qualify_conversation(HINGLISH, rubric=RUBRIC)
    facts = result["facts"]
    assert (facts["budget"]["amount"], facts["budget"]["period"]) == (500000, "year")
    assert facts["team_size"]["value"] == 40
    assert facts["authority"]["is_decision_maker"] is True
    assert facts["timeline"]["end"] == "2026-12-31"
    assert facts["need"] is not None
    assert result["priority"] == "hot"


def test_business_messages_are_not_read_for_facts() -> None:
    record = conversation(
        "b",
        ("business", "Our plan costs $500 a month for a team of 10.", "2026-11-25T10:00:00Z"),
        ("prospect", "ok thanks", "2026-11-25T10:01:00Z"),
    )
    facts = qualify_conversation(record, rubric=RUBRIC)["facts"]
    assert facts["budget"] is None and facts["team_size"] is None


def test_relative_dates_use_each_message_own_time_and_offset() -> None:
    # 23:30 on 31 January in New York is already 1 February in UTC; the prospect meant February.
    record = conversation("ny", ("prospect", "next month please", "2026-01-31T23:30:00-05:00"))
    timeline = qualify_conversation(record, rubric=RUBRIC)["facts"]["timeline"]
    assert (timeline["start"], timeline["end"]) == ("2026-02-01", "2026-02-28")


def test_nothing_stated_gives_null_facts_and_a_cold_score() -> None:
    record = conversation("quiet", ("prospect", "hello?", "2026-11-25T10:00:00Z"))
    result = qualify_conversation(record, rubric=RUBRIC)
    assert result["facts"] == dict.fromkeys(
        ("budget", "timeline", "team_size", "need", "authority", "company_size")
    )
    assert (result["score"], result["priority"]) == (0, "cold")
    assert result["reasons"][0] == "need: not stated yet"


def test_no_messages_at_all_is_valid() -> None:
    result = qualify_conversation({"id": "empty", "messages": []})
    assert result["score"] == 0 and result["facts"]["budget"] is None


def test_output_keys_and_order() -> None:
    result = qualify_conversation(INDIA, rubric=RUBRIC)
    assert list(result) == ["id", "facts", "score", "priority", "reasons", "extractor"]
    assert result["extractor"] == "offline"
    assert list(result["facts"]) == [
        "budget",
        "timeline",
        "team_size",
        "need",
        "authority",
        "company_size",
    ]


@pytest.mark.parametrize(
    ("record", "expected_id", "names"),
    [
        ({"messages": []}, None, '"id"'),
        ({"id": True, "messages": []}, None, '"id"'),
        ({"id": [1], "messages": []}, None, '"id"'),
        ({"id": "x"}, "x", '"messages"'),
        ({"id": "x", "messages": "hi"}, "x", '"messages"'),
        ({"id": 7, "messages": ["hi"]}, 7, "messages[0]"),
        (
            {"id": 7, "messages": [{"from": "agent", "text": "t", "ts": "2026-11-25"}]},
            7,
            "messages[0].from",
        ),
        (
            {"id": 7, "messages": [{"from": "prospect", "text": 5, "ts": "2026-11-25"}]},
            7,
            "messages[0].text",
        ),
        ({"id": 7, "messages": [{"from": "prospect", "text": "t"}]}, 7, "messages[0].ts"),
        (
            {"id": 7, "messages": [{"from": "prospect", "text": "t", "ts": "25/11/2026"}]},
            7,
            "messages[0].ts",
        ),
    ],
)
def test_malformed_records_name_the_field(record: dict[str, Any], expected_id: Any, names: str):
    result = qualify_conversation(record, rubric=RUBRIC)
    assert set(result) == {"id", "error"}
    assert result["id"] == expected_id
    assert names in result["error"]


def test_errors_never_repeat_input_values() -> None:
    record = {"id": 1, "messages": [{"from": "prospect", "text": "t", "ts": "Priya 98765"}]}
    assert "Priya" not in qualify_conversation(record, rubric=RUBRIC)["error"]


def test_timestamps_with_z_offset_or_none_parse() -> None:
    _, messages = parse_conversation(
        {
            "id": 1,
            "messages": [
                {"from": "prospect", "text": "a", "ts": "2026-11-25T10:00:00Z"},
                {"from": "business", "text": "b", "ts": "2026-11-25T10:00:00+05:30"},
                {"from": "prospect", "text": "c", "ts": "2026-11-25T10:00:00"},
            ],
        }
    )
    offsets = [m.sent_at.utcoffset() for m in messages]
    assert offsets == [timedelta(0), timedelta(hours=5, minutes=30), None]
    assert [m.sender for m in messages] == ["prospect", "business", "prospect"]


def _line(record: object) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


MIXED = [
    _line(INDIA),
    "{not json\n",
    "\n",
    _line({"messages": []}),
    _line(US_MONTHLY),
    _line({"id": "bad-ts", "messages": [{"from": "prospect", "text": "x", "ts": "soon"}]}),
    _line([1, 2]),
    _line(HINGLISH),
]


def test_malformed_lines_among_good_ones_keep_order_and_the_run_goes_on() -> None:
    results = list(qualify_lines(MIXED, OfflineExtractor(), RUBRIC))
    assert [r["id"] for r in results] == ["lotus-1", None, None, 42, "bad-ts", None, "hinglish"]
    assert ["error" in r for r in results] == [False, True, True, False, True, True, False]
    assert results[1]["error"].startswith("line 2: not valid JSON")
    assert results[2]["error"].startswith("line 4: ")  # the blank line 3 is skipped
    assert results[4]["error"].startswith("line 6: messages[0].ts")


def test_invalid_utf8_is_an_error_of_its_own_line() -> None:
    lines = [b"\xff\xfe\n", b"\xef\xbb\xbf" + _line(INDIA).encode()]
    results = list(qualify_lines(lines, OfflineExtractor(), RUBRIC))
    assert results[0] == {"id": None, "error": "line 1: not UTF-8 text"}
    assert results[1]["id"] == "lotus-1"  # a byte-order mark is no error


def test_lines_stream_one_at_a_time() -> None:
    read: list[int] = []

    def source() -> Iterator[str]:
        for number, line in enumerate([_line(INDIA), _line(US_MONTHLY)], start=1):
            read.append(number)
            yield line

    results = qualify_lines(source(), OfflineExtractor(), RUBRIC)
    assert next(results)["id"] == "lotus-1"
    assert read == [1]  # the second line is not read before the first result is out
    assert next(results)["id"] == 42


def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "conversations.jsonl"
    source.write_text("".join(MIXED), encoding="utf-8")
    code = main(["qualify", str(source)])
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 1
    assert [line["id"] for line in lines] == ["lotus-1", None, None, 42, "bad-ts", None, "hinglish"]
    assert lines[0] == qualify_conversation(INDIA, rubric=RUBRIC)
    assert "line 2: not valid JSON" in captured.err
    assert "₹5 lakh" not in captured.err and "lotus-1" not in captured.err


def test_cli_all_good_exits_0_and_writes_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(_line(INDIA) + _line(PER_SEAT), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert main(["qualify", str(source), "--output", str(target), "--no-progress"]) == 0
    assert capsys.readouterr().out == ""
    written = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in written] == ["lotus-1", "seat"]


def test_cli_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    data = (_line(HINGLISH) + _line(CRORE)).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["qualify", "-"]) == 0
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert ids == ["hinglish", "crore"]


def test_cli_custom_rubric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = (Path(__file__).parents[2] / "agent/facts/default_rubric.yaml").read_text()
    strict = tmp_path / "strict.yaml"
    strict.write_text(rubric.replace("hot: 70", "hot: 95"), encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(_line(INDIA), encoding="utf-8")
    assert main(["qualify", str(source), "--rubric", str(strict)]) == 0
    assert json.loads(capsys.readouterr().out)["priority"] == "warm"


def test_cli_cannot_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("weights: {need: 200}\n", encoding="utf-8")
    assert main(["qualify", str(tmp_path / "in.jsonl"), "--rubric", str(bad)]) == 2
    assert "weights" in capsys.readouterr().err
    assert main(["qualify", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
