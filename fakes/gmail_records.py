"""What ``FakeGoogle`` records and keeps: requests, sent mail, watch calls, grants, scripts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from email.message import EmailMessage


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived (``via_batch``: a part of a batch); header keys lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    via_batch: bool = False
    received_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class SentMail:
    """A message accepted by ``messages/send``: ids, the raw bytes and the parsed message."""

    id: str
    thread_id: str
    requested_thread_id: str | None
    raw: bytes
    message: EmailMessage


@dataclass(frozen=True)
class WatchCall:
    """The body of one ``users.watch`` call."""

    topic_name: str
    label_ids: tuple[str, ...]
    label_filter_behavior: str | None


@dataclass
class Grant:
    """A refresh token and what it was issued for."""

    refresh_token: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    revoked: bool = False


@dataclass
class Script:
    """Trouble for the next ``times`` requests whose path starts with ``path``: a wait of
    ``delay`` seconds, then (if ``status``) that error instead of the real answer."""

    path: str
    times: int
    status: int | None = None
    delay: float = 0.0
    reason: str | None = None
