"""The admin token that guards the drafts API until the console brings users and roles.

Compared in constant time. Repeated failures from one client are a security event (an alert
and an audit entry), and that client is locked out for a while: guessing stops being cheap.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from enum import StrEnum

ALERT_AFTER_FAILURES = 5
FAILURE_WINDOW_SECONDS = 300.0


class TokenCheck(StrEnum):
    """The outcome of one check."""

    ALLOWED = "allowed"
    NOT_CONFIGURED = "not_configured"
    REJECTED = "rejected"
    LOCKED_OUT = "locked_out"


class AdminGuard:
    """Checks the bearer token and counts failures per client."""

    def __init__(self, token: str | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._token = token
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, presented: str | None, client: str) -> TokenCheck:
        """Whether ``presented`` is the admin token; a locked-out client is refused unread."""
        if not self._token:
            return TokenCheck.NOT_CONFIGURED
        with self._lock:
            failures = self._recent(client)
            if len(failures) >= ALERT_AFTER_FAILURES:
                return TokenCheck.LOCKED_OUT
            if presented is not None and hmac.compare_digest(
                presented.encode(), self._token.encode()
            ):
                return TokenCheck.ALLOWED
            failures.append(self._clock())
            return TokenCheck.REJECTED

    def failures(self, client: str) -> int:
        """Failed attempts from ``client`` within the window."""
        with self._lock:
            return len(self._recent(client))

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures[client]
        cutoff = self._clock() - FAILURE_WINDOW_SECONDS
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures
