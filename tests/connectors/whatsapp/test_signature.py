"""The webhook signature: exactly Meta's HMAC-SHA256 of the raw body, nothing else passes."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.whatsapp.errors import SignatureInvalid, SignatureMissing
from connectors.whatsapp.signature import HEADER, sign, verify_signature
from fakes.whatsapp_payloads import APP_SECRET, signed_headers, text_message, webhook_body

SECRET = "app-secret-1234"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'
secrets = st.text(min_size=1, max_size=64)
bodies = st.binary(max_size=2048)


def test_sign_is_the_hmac_sha256_of_the_body_in_meta_format() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY) == f"sha256={expected}"
    assert HEADER == "X-Hub-Signature-256"


@given(secret=secrets, body=bodies)
def test_any_body_and_secret_round_trip(secret: str, body: bytes) -> None:
    verify_signature(secret, body, sign(secret, body))


@given(secret=secrets, body=bodies.filter(bool), data=st.data())
def test_any_single_byte_change_of_the_body_fails(secret: str, body: bytes, data) -> None:
    index = data.draw(st.integers(0, len(body) - 1))
    flip = data.draw(st.integers(1, 255))
    tampered = body[:index] + bytes([body[index] ^ flip]) + body[index + 1 :]
    with pytest.raises(SignatureInvalid):
        verify_signature(secret, tampered, sign(secret, body))


@given(body=bodies, data=st.data())
def test_any_single_digit_change_of_the_digest_fails(body: bytes, data) -> None:
    header = sign(SECRET, body)
    index = data.draw(st.integers(len("sha256="), len(header) - 1))
    other = data.draw(st.sampled_from("0123456789abcdef").filter(lambda c: c != header[index]))
    with pytest.raises(SignatureInvalid):
        verify_signature(SECRET, body, header[:index] + other + header[index + 1 :])


@given(secret=secrets, other=secrets, body=bodies)
def test_another_secret_fails(secret: str, other: str, body: bytes) -> None:
    if secret == other:
        return
    with pytest.raises(SignatureInvalid):
        verify_signature(other, body, sign(secret, body))


@pytest.mark.parametrize("header", [None, ""])
def test_a_missing_header_is_signature_missing(header: str | None) -> None:
    with pytest.raises(SignatureMissing, match="X-Hub-Signature-256"):
        verify_signature(SECRET, BODY, header)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("sha1=" + hashlib.sha1(BODY).hexdigest(), "does not start with 'sha256='"),
        ("SHA256=" + "0" * 64, "does not start with 'sha256='"),
        (" " + sign(SECRET, BODY), "does not start with 'sha256='"),
        ("sha256=" + "0" * 63, "not 64 hex digits"),
        ("sha256=" + "0" * 65, "not 64 hex digits"),
        ("sha256=", "not 64 hex digits"),
        ("sha256=" + "zz" * 32, "not hexadecimal"),
        ("sha256=" + "é" * 64, "not hexadecimal"),
        ("sha256=" + "0" * 64, "does not match"),
    ],
)
def test_malformed_or_wrong_headers_are_signature_invalid(header: str, reason: str) -> None:
    with pytest.raises(SignatureInvalid, match=reason):
        verify_signature(SECRET, BODY, header)


def test_upper_case_hex_is_the_same_digest() -> None:
    header = sign(SECRET, BODY)
    verify_signature(SECRET, BODY, "sha256=" + header.removeprefix("sha256=").upper())


def test_the_error_never_repeats_the_expected_or_given_digest() -> None:
    given_header = "sha256=" + "ab" * 32
    with pytest.raises(SignatureInvalid) as raised:
        verify_signature(SECRET, BODY, given_header)
    message = str(raised.value)
    assert "ab" * 32 not in message
    assert sign(SECRET, BODY).removeprefix("sha256=") not in message
    assert SECRET not in message


def test_an_empty_app_secret_is_a_configuration_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="app secret is empty"):
        verify_signature("", BODY, sign("", BODY))


def test_the_test_payload_builders_sign_like_meta() -> None:
    body = webhook_body(text_message("hi"))
    headers = signed_headers(APP_SECRET, body)
    assert headers["Content-Type"] == "application/json"
    verify_signature(APP_SECRET, body, headers[HEADER])
