"""What the Gmail client returns: small frozen values parsed from Gmail's JSON resources.

The raw dicts never leave the client: callers get exactly the fields the connector uses, typed,
and a resource lacking one of them fails here with ``MalformedResponse`` (naming the field,
never its value) instead of a ``KeyError`` deep in the caller. Addresses and message bytes are
kept out of ``repr`` so a logged value cannot leak them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.gmail.errors import MalformedResponse

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Profile:
    """The mailbox: its address, current history id and message count."""

    email_address: str = field(repr=False)
    history_id: str
    messages_total: int


@dataclass(frozen=True, slots=True)
class Watch:
    """A push-notification watch: the history id it starts after, and when it lapses."""

    history_id: str
    expiration: datetime


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Messages added since a history id, oldest first, and the history id to resume from."""

    message_ids: tuple[str, ...]
    history_id: str


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message as RFC 822 bytes with Gmail's metadata."""

    id: str
    thread_id: str
    label_ids: tuple[str, ...]
    history_id: str
    internal_date: datetime
    raw: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """The ids Gmail gave a sent message."""

    id: str
    thread_id: str


def parse_profile(data: object) -> Profile:
    resource = _object(data, "profile")
    total = resource.get("messagesTotal", 0)
    if not isinstance(total, int) or isinstance(total, bool):
        raise MalformedResponse("profile.messagesTotal is not an integer")
    return Profile(
        _text(resource, "emailAddress", "profile"),
        _history_id(resource, "profile"),
        total,
    )


def parse_watch(data: object) -> Watch:
    resource = _object(data, "watch response")
    return Watch(
        _history_id(resource, "watch response"),
        _millis(resource, "expiration", "watch response"),
    )


def parse_raw_message(data: object) -> RawMessage:
    resource = _object(data, "message")
    labels = resource.get("labelIds", [])
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise MalformedResponse("message.labelIds is not a list of strings")
    try:
        raw = decode_base64url(_text(resource, "raw", "message"))
    except ValueError:
        raise MalformedResponse("message.raw is not base64url") from None
    return RawMessage(
        _text(resource, "id", "message"),
        _text(resource, "threadId", "message"),
        tuple(labels),
        _history_id(resource, "message"),
        _millis(resource, "internalDate", "message"),
        raw,
    )


def parse_sent(data: object) -> SentMessage:
    resource = _object(data, "sent message")
    return SentMessage(
        _text(resource, "id", "sent message"), _text(resource, "threadId", "sent message")
    )


def added_message_ids(page: Mapping[str, Any]) -> list[str]:
    """The ids in ``messagesAdded`` of one ``history.list`` page, in record order."""
    records = page.get("history", [])
    if not isinstance(records, list):
        raise MalformedResponse("history is not a list")
    ids = []
    for record in records:
        added = record.get("messagesAdded", []) if isinstance(record, dict) else None
        if not isinstance(added, list):
            raise MalformedResponse("history[].messagesAdded is not a list")
        for entry in added:
            message = entry.get("message") if isinstance(entry, dict) else None
            ids.append(_text(_object(message, "messagesAdded[].message"), "id", "message"))
    return ids


def listed_message_ids(page: Mapping[str, Any]) -> list[str]:
    """The ids of one ``messages.list`` page (newest first, as Gmail lists them)."""
    messages = page.get("messages", [])
    if not isinstance(messages, list):
        raise MalformedResponse("messages is not a list")
    return [_text(_object(m, "messages[]"), "id", "messages[]") for m in messages]


def decode_base64url(text: str) -> bytes:
    """Base64url with or without its ``=`` padding (Gmail omits it); ValueError otherwise."""
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def history_id_of(resource: Mapping[str, Any], where: str) -> str:
    """A history id as a decimal string (Gmail sends uint64 as a string, sometimes a number)."""
    return _history_id(resource, where)


def _object(data: object, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise MalformedResponse(f"the {where} is not a JSON object")
    return data


def _text(resource: Mapping[str, Any], key: str, where: str) -> str:
    value = resource.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedResponse(f"{where}.{key} is missing or not a string")
    return value


def _history_id(resource: Mapping[str, Any], where: str) -> str:
    value = resource.get("historyId")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return value
    raise MalformedResponse(f"{where}.historyId is missing or not a decimal number")


def _millis(resource: Mapping[str, Any], key: str, where: str) -> datetime:
    value = resource.get(key)
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError
        return _EPOCH + timedelta(milliseconds=int(value))
    except (ValueError, OverflowError):
        raise MalformedResponse(f"{where}.{key} is not milliseconds since the epoch") from None
