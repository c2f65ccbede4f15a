"""The webhook subscription handshake: Meta's ``GET ?hub.mode=subscribe&hub.verify_token=…``.

When a webhook URL is registered, Meta calls it once with a token we chose and a challenge; we
echo the challenge only if the token is ours, which proves Meta reached the right endpoint.
"""

from __future__ import annotations

import hmac

from connectors.whatsapp.errors import VerificationFailed

_SUBSCRIBE = "subscribe"


def verify_subscription(
    mode: str | None, token: str | None, challenge: str | None, expected_token: str
) -> str:
    """Return ``challenge`` (to be sent back as the response body) when the handshake is valid.

    Valid means ``mode`` is ``"subscribe"``, ``token`` equals ``expected_token`` (compared in
    constant time) and a challenge is present. Anything else raises ``VerificationFailed``,
    including an empty ``expected_token``: with none configured, no token can be right.
    """
    if not expected_token:
        raise VerificationFailed("no verify token is configured")
    if mode != _SUBSCRIBE:
        raise VerificationFailed("hub.mode is not 'subscribe'")
    if token is None or not hmac.compare_digest(token.encode(), expected_token.encode()):
        raise VerificationFailed("hub.verify_token does not match")
    if not challenge:
        raise VerificationFailed("hub.challenge is missing")
    return challenge
