"""The mailbox behind the fake Gmail API: messages, history records, and their JSON resources.

Plain state without HTTP or locking (the server holds the lock). History ids grow with gaps, as
Gmail's do ("not contiguous with random gaps"), so a client assuming +1 steps fails here too.
Resources follow the API reference: ``Message`` (formats raw, full, metadata, minimal),
``History`` records with ``messages`` and ``messagesAdded``, list answers with
``nextPageToken`` and ``resultSizeEstimate``. Page tokens are opaque offsets.
"""

from __future__ import annotations

import base64
import email
import email.policy
import itertools
import secrets
import time
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from typing import Any

HISTORY_STEP = 7
_HIDDEN_BY_DEFAULT = frozenset({"SPAM", "TRASH"})
_SNIPPET_CHARS = 200


@dataclass
class StoredMessage:
    """One message as the fake keeps it."""

    id: str
    thread_id: str
    label_ids: list[str]
    raw: bytes
    internal_date_ms: int
    history_id: int


@dataclass(frozen=True)
class HistoryRecord:
    """A ``messageAdded`` change: the history id it got and the message as it was added."""

    id: int
    message_id: str
    thread_id: str
    label_ids: tuple[str, ...]


@dataclass
class Mailbox:
    """Messages in arrival order and the history of additions."""

    email_address: str
    history_id: int = 1000
    history_floor: int = 0  # a startHistoryId below this is "too old": 404
    messages: dict[str, StoredMessage] = field(default_factory=dict)
    history: list[HistoryRecord] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1), init=False)
    # Gmail's ids never repeat within a mailbox; a fresh fake's must not repeat a former one's,
    # or a service that already saw them (a demo run again on its data) would skip new mail.
    _id_base: int = field(
        default_factory=lambda: 0x18F0000000000000 + (secrets.randbits(40) << 12), init=False
    )
    _last_date_ms: int = field(default=0, init=False)

    def add(self, raw: bytes, *, thread_id: str | None, labels: tuple[str, ...]) -> StoredMessage:
        """Store a message, give it ids and a new history id, and record its addition."""
        message_id = f"{self._id_base + next(self._ids) * 0x1D3:016x}"
        self.history_id += HISTORY_STEP
        now_ms = max(int(time.time() * 1000), self._last_date_ms + 1)
        self._last_date_ms = now_ms
        stored = StoredMessage(
            message_id, thread_id or message_id, list(labels), raw, now_ms, self.history_id
        )
        self.messages[message_id] = stored
        self.history.append(
            HistoryRecord(self.history_id, message_id, stored.thread_id, tuple(labels))
        )
        return stored

    def has_thread(self, thread_id: str) -> bool:
        return any(m.thread_id == thread_id for m in self.messages.values())

    def history_page(
        self, start: int, label_id: str | None, page_token: str | None, max_results: int
    ) -> dict[str, Any]:
        """A ``users.history.list`` answer (the caller checked ``start`` against the floor)."""
        records = [
            r
            for r in self.history
            if r.id > start and (label_id is None or label_id in r.label_ids)
        ]
        offset = int(page_token or 0)
        page = records[offset : offset + max_results]
        answer: dict[str, Any] = {"historyId": str(self.history_id)}
        if page:
            answer["history"] = [_history_json(r) for r in page]
        if offset + max_results < len(records):
            answer["nextPageToken"] = str(offset + max_results)
        return answer

    def list_page(
        self,
        label_ids: list[str],
        query: str | None,
        page_token: str | None,
        max_results: int,
        include_spam_trash: bool,
    ) -> dict[str, Any]:
        """A ``users.messages.list`` answer, newest first. Of ``q`` only ``in:`` and ``label:``
        terms filter (by label); other terms are ignored."""
        wanted = set(label_ids) | _query_labels(query)
        matches = [
            m
            for m in reversed(self.messages.values())
            if wanted <= set(m.label_ids)
            and (include_spam_trash or not _HIDDEN_BY_DEFAULT & set(m.label_ids))
        ]
        offset = int(page_token or 0)
        page = matches[offset : offset + max_results]
        answer: dict[str, Any] = {"resultSizeEstimate": len(matches)}
        if page:
            answer["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in page]
        if offset + max_results < len(matches):
            answer["nextPageToken"] = str(offset + max_results)
        return answer


def message_resource(message: StoredMessage, fmt: str) -> dict[str, Any]:
    """The ``Message`` resource in ``fmt`` (raw, full, metadata or minimal)."""
    parsed = email.message_from_bytes(message.raw, policy=email.policy.default)
    resource: dict[str, Any] = {
        "id": message.id,
        "threadId": message.thread_id,
        "labelIds": list(message.label_ids),
        "snippet": _snippet(parsed),
        "sizeEstimate": len(message.raw),
        "historyId": str(message.history_id),
        "internalDate": str(message.internal_date_ms),
    }
    if fmt == "raw":
        resource["raw"] = b64url(message.raw)
    elif fmt == "full":
        resource["payload"] = _part_json(parsed, "")
    elif fmt == "metadata":
        resource["payload"] = {"mimeType": parsed.get_content_type(), "headers": _headers(parsed)}
    return resource


def b64url(data: bytes) -> str:
    """Base64url without padding, as Gmail sends ``raw`` and body ``data``."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    """Base64url with or without padding; ValueError when it is not base64url."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _history_json(record: HistoryRecord) -> dict[str, Any]:
    ref = {"id": record.message_id, "threadId": record.thread_id}
    added = {**ref, "labelIds": list(record.label_ids)}
    return {"id": str(record.id), "messages": [ref], "messagesAdded": [{"message": added}]}


def _query_labels(query: str | None) -> set[str]:
    labels = set()
    for term in (query or "").split():
        key, _, value = term.partition(":")
        if key.lower() in ("in", "label") and value:
            labels.add(value.upper())
    return labels


def _snippet(parsed: Message) -> str:
    body = parsed.get_body(("plain",)) if isinstance(parsed, EmailMessage) else None
    if body is None:
        return ""
    try:
        text = str(body.get_content())
    except (LookupError, ValueError):
        return ""
    return " ".join(text.split())[:_SNIPPET_CHARS]


def _headers(part: Message) -> list[dict[str, str]]:
    return [{"name": name, "value": str(value)} for name, value in part.items()]


def _part_json(part: Message, part_id: str) -> dict[str, Any]:
    children = part.get_payload() if part.is_multipart() else None
    resource: dict[str, Any] = {
        "partId": part_id,
        "mimeType": part.get_content_type(),
        "filename": part.get_filename() or "",
        "headers": _headers(part),
    }
    if isinstance(children, list):
        resource["body"] = {"size": 0}
        prefix = f"{part_id}." if part_id else ""
        resource["parts"] = [_part_json(c, f"{prefix}{i}") for i, c in enumerate(children)]
    else:
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        resource["body"] = {"size": len(data), "data": b64url(data)} if data else {"size": 0}
    return resource
