"""The admin token check: constant-time match, failures counted per client, lockout."""

from __future__ import annotations

from api.admin_guard import ALERT_AFTER_FAILURES, FAILURE_WINDOW_SECONDS, AdminGuard, TokenCheck


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_right_token_is_allowed_and_a_wrong_one_rejected() -> None:
    guard = AdminGuard("s3cret")
    assert guard.check("s3cret", "10.0.0.1") is TokenCheck.ALLOWED
    assert guard.check("guess", "10.0.0.1") is TokenCheck.REJECTED
    assert guard.check(None, "10.0.0.1") is TokenCheck.REJECTED
    assert guard.failures("10.0.0.1") == 2


def test_no_token_configured_means_the_api_is_off() -> None:
    assert AdminGuard(None).check("anything", "10.0.0.1") is TokenCheck.NOT_CONFIGURED


def test_repeated_failures_lock_the_client_out_until_the_window_passes() -> None:
    clock = Clock()
    guard = AdminGuard("s3cret", clock=clock)
    for _ in range(ALERT_AFTER_FAILURES):
        assert guard.check("guess", "10.0.0.9") is TokenCheck.REJECTED
    assert guard.check("s3cret", "10.0.0.9") is TokenCheck.LOCKED_OUT
    assert guard.check("s3cret", "10.0.0.10") is TokenCheck.ALLOWED  # others are unaffected
    clock.now += FAILURE_WINDOW_SECONDS + 1
    assert guard.check("s3cret", "10.0.0.9") is TokenCheck.ALLOWED
