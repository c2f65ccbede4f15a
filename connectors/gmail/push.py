"""Gmail push notifications: authenticate the Pub/Sub push request, then read its envelope.

Pub/Sub POSTs each notification to our endpoint with ``Authorization: Bearer <OIDC token>``
signed by Google for the push subscription's service account. Without checking it, anyone who
learns the URL could make us fetch history at will; the token is the only proof of origin.
``verify_push_token`` checks, in order: a Bearer header; Google's signature, the expiry and the
audience (``google.oauth2.id_token.verify_token``); the issuer; the service account's address
and that Google verified it. Pass a ``CachingCertsRequest`` as ``request`` so the certificates
are not downloaded for every push.

``parse_push`` then reads the envelope ``{"message": {"data": base64(JSON {"emailAddress",
"historyId"}), "messageId", ...}, "subscription"}``. Nothing raised here quotes the token, the
address or the body.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import google.auth.exceptions
import google.auth.transport
from google.oauth2 import id_token

from connectors.gmail.errors import (
    MalformedPush,
    PushForged,
    PushUnauthenticated,
    PushVerificationUnavailable,
)

GOOGLE_OAUTH2_CERTS_URL: Final = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS: Final = frozenset({"https://accounts.google.com", "accounts.google.com"})
MAX_PUSH_BODY_BYTES: Final = 64 * 1024
"""A Gmail notification envelope is a few hundred bytes; anything this large is not one."""

# What google-auth's messages say, mapped to the check that failed (its messages quote the
# token or its claims, so they are matched here and never passed on).
_LIBRARY_FAILURES: Final = (
    ("Token expired", "expired"),
    ("Token used too early", "issued in the future"),
    ("wrong audience", "audience"),
    ("Could not verify token signature", "signature"),
    ("Certificate for key id", "unknown signing key"),
    ("Unsupported signature algorithm", "signing algorithm"),
    ("does not contain required claim", "missing iat or exp claim"),
)


@dataclass(frozen=True, slots=True)
class PushIdentity:
    """Who signed the push token: the service account's address and its unique id."""

    email: str = field(repr=False)
    subject: str


@dataclass(frozen=True, slots=True)
class PushNotification:
    """A Gmail notification: the mailbox and the history id it has now reached."""

    email_address: str = field(repr=False)
    history_id: str
    pubsub_message_id: str
    subscription: str


def verify_push_token(
    authorization: str | None,
    *,
    audience: str,
    service_account: str,
    request: google.auth.transport.Request,
    certs_url: str = GOOGLE_OAUTH2_CERTS_URL,
    clock_skew_seconds: int = 10,
) -> PushIdentity:
    """The identity behind a push request's ``Authorization`` header, once every check passed.

    ``audience`` is the one set on the push subscription (by default the endpoint URL);
    ``service_account`` the address the subscription signs tokens as. Raises
    ``PushUnauthenticated`` without a Bearer token, ``PushForged`` (naming the failed check)
    for any token that must be refused, and ``PushVerificationUnavailable`` when Google's
    certificates cannot be fetched (answer 503 so Pub/Sub retries).
    """
    if not audience or not service_account:
        raise ValueError("the push audience and service account must both be configured")
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise PushUnauthenticated()
    claims = _verified_claims(token, audience, request, certs_url, clock_skew_seconds)
    if claims.get("iss") not in GOOGLE_ISSUERS:
        raise PushForged("issuer is not Google")
    email = claims.get("email")
    if not isinstance(email, str) or email != service_account:
        raise PushForged("not signed for the configured service account")
    if claims.get("email_verified") is not True:
        raise PushForged("email not verified by Google")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise PushForged("no subject claim")
    return PushIdentity(email, subject)


def parse_push(body: bytes) -> PushNotification:
    """The notification in a Pub/Sub push body; ``MalformedPush`` says what is wrong where.

    ``historyId`` arrives as a JSON number or a string; it is returned as a decimal string.
    """
    if len(body) > MAX_PUSH_BODY_BYTES:
        raise MalformedPush(f"the body is larger than {MAX_PUSH_BODY_BYTES} bytes")
    envelope = _json_object(body, "the body")
    message = envelope.get("message")
    if not isinstance(message, Mapping):
        raise MalformedPush("'message' is missing or not an object")
    subscription = envelope.get("subscription")
    if not isinstance(subscription, str) or not subscription:
        raise MalformedPush("'subscription' is missing or not a string")
    message_id = message.get("messageId", message.get("message_id"))
    if not isinstance(message_id, str) or not message_id:
        raise MalformedPush("'message.messageId' is missing or not a string")
    data = message.get("data")
    if not isinstance(data, str) or not data:
        raise MalformedPush("'message.data' is missing or not a string")
    try:
        decoded = base64.b64decode(_padded(data.replace("-", "+").replace("_", "/")), validate=True)
    except (binascii.Error, ValueError):
        raise MalformedPush("'message.data' is not base64") from None
    notification = _json_object(decoded, "'message.data'")
    email_address = notification.get("emailAddress")
    if not isinstance(email_address, str) or "@" not in email_address:
        raise MalformedPush("'emailAddress' is missing or not an address")
    history_id = notification.get("historyId")
    if isinstance(history_id, int) and not isinstance(history_id, bool) and history_id >= 0:
        history_id = str(history_id)
    if not (isinstance(history_id, str) and history_id.isascii() and history_id.isdigit()):
        raise MalformedPush("'historyId' is missing or not a non-negative integer")
    return PushNotification(email_address, history_id, message_id, subscription)


def _verified_claims(
    token: str,
    audience: str,
    request: google.auth.transport.Request,
    certs_url: str,
    clock_skew_seconds: int,
) -> Mapping[str, Any]:
    try:
        claims: Mapping[str, Any] = id_token.verify_token(
            token,
            request,
            audience=audience,
            certs_url=certs_url,
            clock_skew_in_seconds=clock_skew_seconds,
        )
    except google.auth.exceptions.TransportError:
        raise PushVerificationUnavailable() from None
    except (google.auth.exceptions.GoogleAuthError, ValueError, TypeError, RecursionError) as exc:
        raise PushForged(_failed_check(exc)) from None  # RecursionError: absurdly nested JSON
    if not isinstance(claims, Mapping):
        raise PushForged("not a JWT")
    return claims


def _failed_check(exc: Exception) -> str:
    text = str(exc)
    for fragment, check in _LIBRARY_FAILURES:
        if fragment in text:
            return check
    return "not a well-formed JWT"


def _json_object(data: bytes, where: str) -> Mapping[str, Any]:
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise MalformedPush(f"{where} is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedPush(f"{where} is not a JSON object")
    return value


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)
