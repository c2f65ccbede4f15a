"""Sign-in attempts per client address: a moving window over the maintained ``limits``
library. It slows guessing across many accounts from one address; the per-account lockout
(``api.console.signin``) stops guessing one account from many addresses."""

from __future__ import annotations

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

ATTEMPTS_PER_MINUTE = 10
_NAMESPACE = "aspinix-console-sign-in"


class SignInThrottle:
    """At most ``per_minute`` sign-in steps a minute from one client address, per process."""

    def __init__(self, per_minute: int = ATTEMPTS_PER_MINUTE) -> None:
        self._limit = RateLimitItemPerMinute(per_minute, namespace=_NAMESPACE)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, client: str) -> bool:
        """Count one attempt from ``client``; False when it is over the limit."""
        return self._limiter.hit(self._limit, client)
