"""Qualifying recorded conversations: one JSON record in, facts and a lead score out.

:func:`qualify_conversation` is pure with the offline extractor (no I/O, no clock): the same
record, extractor and rubric always give the same result. With a model-backed extractor the facts
are the model's; when it fails for a conversation, that conversation is read offline and its line
says ``"extractor": "offline-fallback"``. :func:`qualify_lines` wraps it for JSON Lines, one line
at a time, so a file of any size streams through in constant memory. A malformed record never
stops the run: it yields ``{"id": <id or null>, "error": "<what to fix>"}`` in its place.

Error messages name the field and never repeat a value from the input, so they are safe to show
on a terminal or keep in a log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, get_args

from agent.conversation import ConversationMessage, Sender
from agent.errors import ExtractionFailed, InvalidConversation
from agent.extractor import FactExtractor, OfflineExtractor
from agent.facts import Rubric, facts_to_json, load_rubric, score

_SENDERS: tuple[str, ...] = get_args(Sender)
_NOT_AN_OBJECT = 'expected a JSON object with "id" and "messages"'
OFFLINE_FALLBACK = "offline-fallback"


def parse_conversation(record: object) -> tuple[str | int | float, list[ConversationMessage]]:
    """The id and messages of one input record ``{"id", "messages": [{"from", "text", "ts"}]}``.

    ``ts`` is ISO 8601, with ``Z``, an offset or neither. Keys other than these are ignored.

    Raises:
        InvalidConversation: the record breaks the format; the message names the field.
    """
    if not isinstance(record, Mapping):
        raise InvalidConversation(_NOT_AN_OBJECT)
    record_id = _record_id(record)
    if record_id is None:
        raise InvalidConversation('"id" must be present: a string or a number')
    raw_messages = record.get("messages")
    if not isinstance(raw_messages, list):
        raise InvalidConversation('"messages" must be present: a list of {"from", "text", "ts"}')
    return record_id, [_message(item, index) for index, item in enumerate(raw_messages)]


def _message(item: object, index: int) -> ConversationMessage:
    where = f"messages[{index}]"
    if not isinstance(item, Mapping):
        raise InvalidConversation(f'{where}: expected an object with "from", "text" and "ts"')
    sender = item.get("from")
    if sender not in _SENDERS:
        raise InvalidConversation(f"{where}.from: must be {' or '.join(_SENDERS)}")
    text = item.get("text")
    if not isinstance(text, str):
        raise InvalidConversation(f"{where}.text: must be a string")
    sent = item.get("ts")
    if not isinstance(sent, str):
        raise InvalidConversation(
            f'{where}.ts: must be an ISO 8601 time such as "2026-11-25T10:30:00Z"'
        )
    try:
        sent_at = datetime.fromisoformat(sent)
    except ValueError as exc:
        raise InvalidConversation(
            f'{where}.ts: not an ISO 8601 time; write it like "2026-11-25T10:30:00+05:30"'
        ) from exc
    return ConversationMessage(sender, text, sent_at)


def qualify_conversation(
    record: Mapping[str, Any],
    extractor: FactExtractor | None = None,
    rubric: Rubric | None = None,
) -> dict[str, Any]:
    """``{"id", "facts", "score", "priority", "reasons", "extractor"}`` for one record.

    Facts come from ``extractor`` (the offline parsers when None) and are scored with ``rubric``
    (the shipped rubric when None; pass a loaded one when calling in a loop, since loading reads
    the file). ``"extractor"`` is the extractor's name (``"offline"``, ``"model"``), or
    ``"offline-fallback"`` when it raised ``ExtractionFailed`` and the offline parsers read the
    conversation instead. A malformed record gives ``{"id": <id or None>, "error": "..."}``.
    """
    try:
        record_id, messages = parse_conversation(record)
    except InvalidConversation as exc:
        return {"id": _record_id(record), "error": str(exc)}
    chosen = OfflineExtractor() if extractor is None else extractor
    try:
        facts, source = chosen.extract(messages), chosen.name
    except ExtractionFailed:
        facts, source = OfflineExtractor().extract(messages), OFFLINE_FALLBACK
    result = score(facts, load_rubric() if rubric is None else rubric)
    return {
        "id": record_id,
        "facts": facts_to_json(facts),
        "score": result.score,
        "priority": result.priority.value,
        "reasons": list(result.reasons),
        "extractor": source,
    }


def qualify_lines(
    lines: Iterable[str | bytes], extractor: FactExtractor, rubric: Rubric
) -> Iterator[dict[str, Any]]:
    """One result per non-blank JSON line, in input order, each produced before the next is read.

    Bytes are decoded as UTF-8 line by line (a byte-order mark, as Windows tools write, is
    dropped), so one badly encoded line is an error of its own rather than the end of the run.
    Error messages start with the line number.
    """
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            yield {"id": None, "error": f"line {number}: not UTF-8 text"}
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"id": None, "error": f"line {number}: not valid JSON: {exc.msg}"}
            continue
        if not isinstance(record, dict):
            yield {"id": None, "error": f"line {number}: {_NOT_AN_OBJECT}"}
            continue
        result = qualify_conversation(record, extractor, rubric)
        if "error" in result:
            result["error"] = f"line {number}: {result['error']}"
        yield result


def _record_id(record: Mapping[str, Any]) -> str | int | float | None:
    """The record's id when it is a string or a number (not a boolean), else None."""
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int | float):
        return None
    return record_id
