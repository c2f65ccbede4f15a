"""The connector's errors: one base, actionable messages, attributes for storage."""

from __future__ import annotations

import pytest

from connectors.whatsapp import errors
from connectors.whatsapp.errors import (
    EmptyText,
    MalformedPayload,
    OutsideServiceWindow,
    RateLimiterUnavailable,
    SendFailed,
    SignatureInvalid,
    SignatureMissing,
    TextTooLong,
    TransientSendError,
    VerificationFailed,
    WhatsAppError,
)

ALL = [
    SignatureMissing(),
    SignatureInvalid("the digest does not match the body"),
    VerificationFailed("hub.verify_token does not match"),
    MalformedPayload("entry.0.changes: missing"),
    OutsideServiceWindow(),
    TextTooLong(5000, 4096),
    EmptyText(),
    SendFailed(status=400, code=131047, reason="graph_error_131047", detail="HTTP 400: hint"),
    TransientSendError(reason="timeout"),
    RateLimiterUnavailable("redis"),
]


@pytest.mark.parametrize("error", ALL, ids=lambda error: type(error).__name__)
def test_every_error_is_a_whatsapp_error_with_a_message(error: WhatsAppError) -> None:
    assert isinstance(error, WhatsAppError)
    assert len(str(error)) > 20


def test_every_public_error_class_is_covered() -> None:
    classes = {
        value
        for value in vars(errors).values()
        if isinstance(value, type)
        and issubclass(value, WhatsAppError)
        and value is not WhatsAppError
    }
    assert classes == {type(error) for error in ALL}


def test_outside_the_window_says_only_templates_may_be_sent() -> None:
    assert "only an approved message template may be sent" in str(OutsideServiceWindow())


def test_send_failed_carries_status_code_and_reason() -> None:
    error = SendFailed(status=None, code=None, reason="transient_exhausted", detail="4 attempts")
    assert (error.status, error.code, error.reason) == (None, None, "transient_exhausted")
    assert str(error) == "WhatsApp send failed (transient_exhausted): 4 attempts"


def test_transient_errors_keep_retry_after() -> None:
    error = TransientSendError(reason="http_429", status=429, code=None, retry_after=2.5)
    assert (error.reason, error.status, error.retry_after) == ("http_429", 429, 2.5)


def test_text_too_long_states_both_lengths() -> None:
    error = TextTooLong(5000, 4096)
    assert (error.length, error.limit) == (5000, 4096)
    assert "5000" in str(error) and "4096" in str(error)
