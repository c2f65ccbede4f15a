"""A send budget per business phone number, shared by every worker process that sends.

Cloud API accepts about 80 messages per second per business phone number (Graph error 130429
past that). Staying under it beforehand is cheaper than retrying afterwards, and with the
budget in Redis several worker processes draw on one budget instead of each assuming it has the
whole of it. Built on the maintained ``limits`` library (moving window: no burst at a window
edge); ``memory://`` storage limits one process only, which suits tests and a single worker.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from connectors.whatsapp.errors import RateLimiterUnavailable

DEFAULT_PER_SECOND = 80
_NAMESPACE = "aspinix-whatsapp-send"
_SHORTEST_WAIT = 0.001  # seconds: never spin without sleeping


class SendRateLimiter:
    """At most ``per_second`` sends in any one-second window per key (a phone_number_id).

    ``storage_uri`` is a ``limits`` storage URI: ``memory://`` or ``redis://host:port/db``.
    ``max_wait_step`` bounds each sleep, so a slot freed early by a clock difference between
    processes is noticed soon.
    """

    def __init__(
        self,
        storage_uri: str = "memory://",
        per_second: int = DEFAULT_PER_SECOND,
        *,
        max_wait_step: float = 0.05,
    ) -> None:
        if per_second < 1:
            raise ValueError(f"per_second must be at least 1, not {per_second}")
        self._scheme = urlsplit(storage_uri).scheme or "unknown"
        self._limit = RateLimitItemPerSecond(per_second, namespace=_NAMESPACE)
        self._limiter = MovingWindowRateLimiter(
            storage_from_string(storage_uri, wrap_exceptions=True)
        )
        self._max_wait_step = max_wait_step

    def acquire(self, key: str) -> None:
        """Take one send from ``key``'s budget, sleeping in short steps until one is free."""
        try:
            while not self._limiter.hit(self._limit, key):
                free_at = self._limiter.get_window_stats(self._limit, key).reset_time
                wait = min(max(free_at - time.time(), _SHORTEST_WAIT), self._max_wait_step)
                time.sleep(wait)
        except StorageError:
            raise RateLimiterUnavailable(self._scheme) from None

    def reset(self, key: str) -> None:
        """Forget ``key``'s recent sends (tests, or after reconfiguring a number's throughput)."""
        try:
            self._limiter.clear(self._limit, key)
        except StorageError:
            raise RateLimiterUnavailable(self._scheme) from None
