"""Pub/Sub push authentication against the fake Google's certificates over real HTTP, the
certificate cache, and parsing of push envelopes (with property tests on arbitrary input)."""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.gmail.certs import CachingCertsRequest
from connectors.gmail.errors import (
    MalformedPush,
    PushForged,
    PushUnauthenticated,
    PushVerificationUnavailable,
)
from connectors.gmail.push import (
    GOOGLE_OAUTH2_CERTS_URL,
    PushIdentity,
    parse_push,
    verify_push_token,
)
from connectors.gmail.transport import TimeoutRequest
from fakes.gmail_api import PUSH_SERVICE_ACCOUNT, FakeGoogle
from fakes.google_oidc import mint_token, push_claims

AUDIENCE = "https://aspinix.example/gmail/push"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def certs(clock: Clock) -> CachingCertsRequest:
    return CachingCertsRequest(TimeoutRequest(timeout=2), clock=clock)


def verify(google: FakeGoogle, certs: CachingCertsRequest, header: str | None) -> PushIdentity:
    return verify_push_token(
        header,
        audience=AUDIENCE,
        service_account=PUSH_SERVICE_ACCOUNT,
        certs_url=google.certs_url,
        request=certs,
    )


def certs_fetches(google: FakeGoogle) -> int:
    return len(google.requests_to("/oauth2/v1/certs"))


# -- verification ----------------------------------------------------------------------------


def test_a_token_from_the_subscription_is_accepted(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    identity = verify(google, certs, f"Bearer {google.push_token(AUDIENCE)}")
    assert identity == PushIdentity(PUSH_SERVICE_ACCOUNT, "112233445566778899000")
    assert PUSH_SERVICE_ACCOUNT not in repr(identity)


@pytest.mark.parametrize(
    ("options", "check"),
    [
        ({"audience": "https://elsewhere.example/push"}, "audience"),
        ({"issuer": "https://evil.example"}, "issuer is not Google"),
        ({"email": "intruder@evil-project.iam.gserviceaccount.com"}, "service account"),
        ({"email_verified": False}, "email not verified"),
        ({"expires_in": -120}, "expired"),
    ],
)
def test_a_token_failing_a_check_is_refused_naming_the_check(
    google: FakeGoogle, certs: CachingCertsRequest, options: dict[str, Any], check: str
) -> None:
    token = google.push_token(options.pop("audience", AUDIENCE), **options)
    with pytest.raises(PushForged) as caught:
        verify(google, certs, f"Bearer {token}")
    assert check in caught.value.check
    assert token not in str(caught.value) and "intruder" not in str(caught.value)


def test_a_token_signed_by_another_key_under_googles_key_id_is_refused(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    token = google.push_token(AUDIENCE, key=google.attacker_key)
    with pytest.raises(PushForged, match="signature"):
        verify(google, certs, f"Bearer {token}")


def test_a_token_naming_an_unpublished_key_is_refused(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    token = google.push_token(AUDIENCE, key=google.attacker_key.with_kid("attacker-kid"))
    with pytest.raises(PushForged, match="unknown signing key"):
        verify(google, certs, f"Bearer {token}")


def test_an_unsigned_token_is_refused(google: FakeGoogle, certs: CachingCertsRequest) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    claims = json.dumps(push_claims(AUDIENCE, PUSH_SERVICE_ACCOUNT)).encode()
    payload = base64.urlsafe_b64encode(claims).rstrip(b"=").decode()
    with pytest.raises(PushForged, match="signing algorithm"):
        verify(google, certs, f"Bearer {header}.{payload}.")


_NESTED = base64.urlsafe_b64encode(b"[" * 5000).decode()


@pytest.mark.parametrize(
    "token", ["garbage", "a.b.c", "..", "e30.e30.e30", "é.é.é", f"{_NESTED}.e30.e30"]
)
def test_garbage_is_refused_as_forged(
    google: FakeGoogle, certs: CachingCertsRequest, token: str
) -> None:
    with pytest.raises(PushForged):
        verify(google, certs, f"Bearer {token}")


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "token"])
def test_a_request_without_a_bearer_token_is_unauthenticated(
    google: FakeGoogle, certs: CachingCertsRequest, header: str | None
) -> None:
    with pytest.raises(PushUnauthenticated):
        verify(google, certs, header)
    assert certs_fetches(google) == 0


def test_the_bearer_scheme_is_case_insensitive(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    verify(google, certs, f"bearer {google.push_token(AUDIENCE)}")


def test_an_unconfigured_audience_is_a_programming_error(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    with pytest.raises(ValueError, match="audience"):
        verify_push_token(
            "Bearer x", audience="", service_account=PUSH_SERVICE_ACCOUNT, request=certs
        )


def test_the_default_certificates_are_googles() -> None:
    assert GOOGLE_OAUTH2_CERTS_URL == "https://www.googleapis.com/oauth2/v1/certs"


# -- certificate cache -----------------------------------------------------------------------


def test_the_certificates_are_fetched_once_for_many_verifications(
    google: FakeGoogle, certs: CachingCertsRequest, clock: Clock
) -> None:
    token = google.push_token(AUDIENCE)
    for _ in range(20):
        verify(google, certs, f"Bearer {token}")
    with pytest.raises(PushForged):
        verify(google, certs, f"Bearer {google.push_token(AUDIENCE, key=google.attacker_key)}")
    assert certs_fetches(google) == 1

    assert google.certs_max_age is not None
    clock.now += google.certs_max_age - 1
    verify(google, certs, f"Bearer {token}")
    assert certs_fetches(google) == 1
    clock.now += 2  # past the max-age Google sent
    verify(google, certs, f"Bearer {token}")
    assert certs_fetches(google) == 2


def test_without_max_age_the_default_ttl_applies(google: FakeGoogle, clock: Clock) -> None:
    google.certs_max_age = None
    certs = CachingCertsRequest(TimeoutRequest(timeout=2), default_ttl=60, clock=clock)
    token = google.push_token(AUDIENCE)
    verify(google, certs, f"Bearer {token}")
    clock.now += 59
    verify(google, certs, f"Bearer {token}")
    clock.now += 2
    verify(google, certs, f"Bearer {token}")
    assert certs_fetches(google) == 2


def test_a_failed_certificates_fetch_is_unavailable_and_not_cached(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    google.fail_next(500, path="/oauth2/v1/certs")
    token = google.push_token(AUDIENCE)
    with pytest.raises(PushVerificationUnavailable):
        verify(google, certs, f"Bearer {token}")
    verify(google, certs, f"Bearer {token}")  # the next push fetches again and passes
    assert certs_fetches(google) == 2


def test_unreachable_certificates_make_verification_unavailable(
    certs: CachingCertsRequest,
) -> None:
    with FakeGoogle() as gone:
        token, certs_url = gone.push_token(AUDIENCE), gone.certs_url
    with pytest.raises(PushVerificationUnavailable):
        verify_push_token(
            f"Bearer {token}",
            audience=AUDIENCE,
            service_account=PUSH_SERVICE_ACCOUNT,
            certs_url=certs_url,
            request=certs,
        )


# -- envelopes -------------------------------------------------------------------------------


@pytest.mark.parametrize("history_id", [9876543210, "9876543210"])
def test_a_push_envelope_is_parsed(history_id: int | str) -> None:
    body = FakeGoogle.push_body("owner@example.com", history_id, message_id="136969346945")
    notification = parse_push(body)
    assert notification.email_address == "owner@example.com"
    assert notification.history_id == "9876543210"
    assert notification.pubsub_message_id == "136969346945"
    assert notification.subscription == "projects/p/subscriptions/s"
    assert "owner@example.com" not in repr(notification)


def envelope(data: object = None, **changes: Any) -> bytes:
    inner = {"emailAddress": "owner@example.com", "historyId": "12"} if data is None else data
    encoded = base64.b64encode(json.dumps(inner).encode()).decode()
    message = {"data": encoded, "messageId": "1", **changes.pop("message", {})}
    return json.dumps({"message": message, "subscription": "s", **changes}).encode()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[]", "not a JSON object"),
        (b"{}", "'message'"),
        (envelope(subscription=None), "'subscription'"),
        (envelope(message={"messageId": 5}), "messageId"),
        (envelope(message={"data": None}), "'message.data'"),
        (envelope(message={"data": "***"}), "not base64"),
        (envelope(message={"data": base64.b64encode(b"nope").decode()}), "not JSON"),
        (envelope(data=[1]), "not a JSON object"),
        (envelope(data={"historyId": "1"}), "emailAddress"),
        (envelope(data={"emailAddress": "a@b", "historyId": -1}), "historyId"),
        (envelope(data={"emailAddress": "a@b", "historyId": True}), "historyId"),
        (envelope(data={"emailAddress": "a@b", "historyId": "12a"}), "historyId"),
        (envelope(data={"emailAddress": "a@b", "historyId": 1.5}), "historyId"),
        (b"[" * 50_000, "not JSON"),
        (b" " * 70_000, "larger than"),
    ],
)
def test_a_malformed_push_says_where(body: bytes, problem: str) -> None:
    with pytest.raises(MalformedPush) as caught:
        parse_push(body)
    assert problem in str(caught.value)
    assert "owner@example.com" not in str(caught.value)


def test_the_snake_case_message_id_is_accepted() -> None:
    body = json.loads(envelope())
    body["message"]["message_id"] = body["message"].pop("messageId")
    assert parse_push(json.dumps(body).encode()).pubsub_message_id == "1"


@given(st.binary(max_size=2048))
def test_arbitrary_bytes_only_ever_raise_malformed_push(body: bytes) -> None:
    with contextlib.suppress(MalformedPush):
        parse_push(body)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=10,
)


@given(
    inner=st.fixed_dictionaries({}, optional={"emailAddress": _json, "historyId": _json}),
    message_id=_json,
    subscription=_json,
)
def test_arbitrary_envelope_contents_only_ever_raise_malformed_push(
    inner: dict[str, Any], message_id: Any, subscription: Any
) -> None:
    data = base64.b64encode(json.dumps(inner).encode()).decode()
    body = {"message": {"data": data, "messageId": message_id}, "subscription": subscription}
    try:
        notification = parse_push(json.dumps(body).encode())
    except MalformedPush:
        return
    assert notification.history_id.isdigit() and notification.pubsub_message_id == message_id


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.text(max_size=300))
def test_arbitrary_authorization_headers_only_ever_raise_push_errors(
    google: FakeGoogle, certs: CachingCertsRequest, header: str
) -> None:
    with pytest.raises((PushUnauthenticated, PushForged)):
        verify(google, certs, header)
    with pytest.raises((PushUnauthenticated, PushForged)):
        verify(google, certs, f"Bearer {header}")


def test_a_token_minted_for_our_audience_by_another_service_account_is_refused(
    google: FakeGoogle, certs: CachingCertsRequest
) -> None:
    claims = push_claims(AUDIENCE, "someone@other-project.iam.gserviceaccount.com")
    with pytest.raises(PushForged, match="service account"):
        verify(google, certs, f"Bearer {mint_token(google.google_key, claims)}")
