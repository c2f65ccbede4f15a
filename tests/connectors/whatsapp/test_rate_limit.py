"""The send budget: a burst is held to the limit, in one process or across several via Redis."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from connectors.whatsapp.errors import RateLimiterUnavailable
from connectors.whatsapp.rate_limit import DEFAULT_PER_SECOND, SendRateLimiter

REDIS_URI = "redis://127.0.0.1:6379/15"


def acquire_times(limiter: SendRateLimiter, key: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        limiter.acquire(key)
        times.append(time.monotonic())
    return times


def most_in_any_second(times: list[float]) -> int:
    """The most acquisitions seen in a window of one second, less 50 ms of measuring slack: the
    times are taken after ``acquire`` returns, not when the storage recorded each send."""
    return max(sum(1 for t in times if start <= t < start + 0.95) for start in times)


def test_the_default_is_meta_s_80_per_second() -> None:
    assert DEFAULT_PER_SECOND == 80


def test_a_burst_is_held_to_the_limit() -> None:
    limiter = SendRateLimiter("memory://", per_second=5)
    started = time.monotonic()
    times = acquire_times(limiter, "106540352242922", 12)
    assert times[4] - started < 0.2  # the first five go at once
    assert times[5] - started >= 0.95  # the sixth waits for the first to leave the window
    assert times[-1] - started >= 1.95
    assert most_in_any_second(times) <= 5


def test_each_phone_number_has_its_own_budget() -> None:
    limiter = SendRateLimiter("memory://", per_second=3)
    started = time.monotonic()
    acquire_times(limiter, "number-a", 3)
    acquire_times(limiter, "number-b", 3)
    assert time.monotonic() - started < 0.2


def test_reset_forgets_recent_sends() -> None:
    limiter = SendRateLimiter("memory://", per_second=2)
    acquire_times(limiter, "k", 2)
    limiter.reset("k")
    started = time.monotonic()
    acquire_times(limiter, "k", 2)
    assert time.monotonic() - started < 0.2


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SendRateLimiter("memory://", per_second=0)


@pytest.fixture
def redis_key() -> Iterator[str]:
    """A fresh key on the local Redis (db 15); skips when no Redis runs there."""
    client = redis.Redis.from_url(REDIS_URI)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 (start redis-server to run this test)")
    key = f"test-{uuid.uuid4().hex}"
    yield key
    SendRateLimiter(REDIS_URI).reset(key)
    client.close()


def test_two_workers_sharing_redis_share_one_budget(redis_key: str) -> None:
    workers = [SendRateLimiter(REDIS_URI, per_second=5) for _ in range(2)]
    times: list[float] = []
    lock = threading.Lock()

    def work(limiter: SendRateLimiter) -> None:
        for stamp in acquire_times(limiter, redis_key, 6):
            with lock:
                times.append(stamp)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(limiter,)) for limiter in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    times.sort()
    assert len(times) == 12
    assert most_in_any_second(times) <= 5
    assert times[-1] - started >= 1.9  # 12 sends at 5 a second: three windows


def test_an_unreachable_redis_is_a_clear_error() -> None:
    limiter = SendRateLimiter("redis://127.0.0.1:1/0", per_second=5)
    with pytest.raises(RateLimiterUnavailable, match="redis storage is unreachable"):
        limiter.acquire("k")
