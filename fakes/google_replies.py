"""Answers of the fake Google servers: Google's JSON error shape, OAuth errors, scripted trouble.

Gmail answers errors as ``{"error": {"code", "message", "errors": [{"message", "domain",
"reason"}], "status"}}``; the OAuth endpoints the RFC 6749 way, ``{"error",
"error_description"}``, as Google's do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakes.gmail_api import FakeGoogle

_JSON = "application/json; charset=UTF-8"
_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
_REASONS = {429: "rateLimitExceeded", 500: "backendError", 503: "backendError"}


@dataclass(frozen=True)
class Reply:
    """A status, headers and body to send."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": _JSON})


def json_reply(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(payload).encode(), {"Content-Type": _JSON, **(headers or {})})


def google_error(status: int, message: str, reason: str) -> Reply:
    detail = {"message": message, "domain": "global", "reason": reason}
    error: dict[str, Any] = {"code": status, "message": message, "errors": [detail]}
    error["status"] = _STATUS_NAMES.get(status, "UNKNOWN")
    return json_reply(status, {"error": error})


def oauth_error(status: int, error: str, description: str) -> Reply:
    return json_reply(status, {"error": error, "error_description": description})


def wait_for_script(fake: FakeGoogle, path: str) -> bool:
    """Sleep as scripted for ``path``; False when the server stopped meanwhile."""
    with fake.lock:
        delays = [s for s in fake.scripts if s.delay and s.times > 0 and path.startswith(s.path)]
        if not delays:
            return True
        delays[0].times -= 1
        seconds = delays[0].delay
    return fake.wait(seconds)


def scripted_failure(fake: FakeGoogle, path: str) -> Reply | None:
    with fake.lock:
        failures = [s for s in fake.scripts if s.status and s.times > 0 and path.startswith(s.path)]
        if not failures:
            return None
        failures[0].times -= 1
        status, reason = failures[0].status, failures[0].reason
    assert status is not None
    if path in ("/token", "/revoke"):
        return oauth_error(
            status, "internal_failure" if status >= 500 else "invalid_request", "scripted failure"
        )
    return google_error(status, "scripted failure", reason or _REASONS.get(status, "failed"))


def first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None
