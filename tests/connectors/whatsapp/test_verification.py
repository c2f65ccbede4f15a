"""The subscription handshake: the challenge comes back only for our token and mode subscribe."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.whatsapp.errors import VerificationFailed
from connectors.whatsapp.verification import verify_subscription

TOKEN = "verify-me-7f3a"


def test_the_challenge_is_returned_for_the_right_token() -> None:
    assert verify_subscription("subscribe", TOKEN, "1158201444", TOKEN) == "1158201444"


@given(token=st.text(min_size=1), challenge=st.text(min_size=1))
def test_any_matching_token_returns_any_challenge(token: str, challenge: str) -> None:
    assert verify_subscription("subscribe", token, challenge, token) == challenge


@given(token=st.text(), expected=st.text(min_size=1))
def test_any_other_token_is_refused(token: str, expected: str) -> None:
    if token == expected:
        return
    with pytest.raises(VerificationFailed, match="verify_token does not match"):
        verify_subscription("subscribe", token, "42", expected)


@pytest.mark.parametrize(
    ("mode", "token", "challenge", "reason"),
    [
        (None, TOKEN, "42", "hub.mode is not 'subscribe'"),
        ("unsubscribe", TOKEN, "42", "hub.mode is not 'subscribe'"),
        ("Subscribe", TOKEN, "42", "hub.mode is not 'subscribe'"),
        ("subscribe", None, "42", "does not match"),
        ("subscribe", "", "42", "does not match"),
        ("subscribe", TOKEN.upper(), "42", "does not match"),
        ("subscribe", "jeton-à-accents", "42", "does not match"),
        ("subscribe", TOKEN, None, "hub.challenge is missing"),
        ("subscribe", TOKEN, "", "hub.challenge is missing"),
    ],
)
def test_every_other_handshake_is_refused(
    mode: str | None, token: str | None, challenge: str | None, reason: str
) -> None:
    with pytest.raises(VerificationFailed, match=reason) as raised:
        verify_subscription(mode, token, challenge, TOKEN)
    assert TOKEN not in str(raised.value)


def test_with_no_token_configured_nothing_verifies() -> None:
    with pytest.raises(VerificationFailed, match="no verify token is configured"):
        verify_subscription("subscribe", "", "42", "")
