"""A caching transport for Google's token-signing certificates.

``google.oauth2.id_token.verify_token`` downloads the certificates on every call: one extra
round trip to Google per push notification, and a push endpoint that fails whenever that
fetch does. Wrapped in ``CachingCertsRequest``, the transport keeps each successful GET answer
for as long as its ``Cache-Control: max-age`` allows (Google sends several hours; keys are
published well before they sign anything), or ``default_ttl`` without one. A failed fetch is
never cached, so the next verification tries again.

Thread-safe: one lock, held during a fetch too, so concurrent pushes after expiry cause one
download rather than one each.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import google.auth.exceptions
import google.auth.transport

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class _Entry:
    status: int
    headers: Mapping[str, str]
    data: bytes
    expires_at: float


class _CachedResponse(google.auth.transport.Response):
    def __init__(self, entry: _Entry) -> None:
        self._entry = entry

    @property
    def status(self) -> int:
        return self._entry.status

    @property
    def headers(self) -> Mapping[str, str]:
        return self._entry.headers

    @property
    def data(self) -> bytes:
        return self._entry.data


class CachingCertsRequest(google.auth.transport.Request):
    """Wraps a transport; GETs answered 200 with a JSON object are served from memory while
    fresh. A 200 whose body is not a JSON object raises ``TransportError`` (a broken endpoint,
    not a verdict on any token); other methods and statuses pass through uncached.

    ``max_ttl`` caps what a server may ask for; ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        request: google.auth.transport.Request,
        *,
        default_ttl: float = 300.0,
        max_ttl: float = 24 * 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._request = request
        self._default_ttl = default_ttl
        self._max_ttl = max_ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> google.auth.transport.Response:
        if method.upper() != "GET":
            return self._forward(url, method, body, headers, timeout, **kwargs)
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry.expires_at > self._clock():
                return _CachedResponse(entry)
            response = self._forward(url, method, body, headers, timeout, **kwargs)
            if response.status != 200:
                return response
            data = bytes(response.data)
            if not _is_json_object(data):
                raise google.auth.exceptions.TransportError(  # type: ignore[no-untyped-call]
                    "the certificates endpoint answered 200 without a JSON object"
                )
            answer_headers = dict(response.headers)
            entry = _Entry(200, answer_headers, data, self._clock() + self._ttl(answer_headers))
            self._entries[url] = entry
            return _CachedResponse(entry)

    def clear(self) -> None:
        """Forget everything (the next verification downloads the certificates again)."""
        with self._lock:
            self._entries.clear()

    def _forward(
        self,
        url: str,
        method: str,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        timeout: float | None,
        **kwargs: Any,
    ) -> google.auth.transport.Response:
        if timeout is not None:
            kwargs["timeout"] = timeout
        response: google.auth.transport.Response = self._request(
            url, method=method, body=body, headers=headers, **kwargs
        )
        return response

    def _ttl(self, headers: Mapping[str, str]) -> float:
        cache_control = next(
            (value for name, value in headers.items() if name.lower() == "cache-control"), ""
        )
        match = _MAX_AGE.search(cache_control)
        return min(float(match[1]), self._max_ttl) if match else self._default_ttl


def _is_json_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except (ValueError, RecursionError):
        return False
