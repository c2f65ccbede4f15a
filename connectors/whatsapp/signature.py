"""The webhook signature: Meta signs each POST body with the app secret (``X-Hub-Signature-256``).

Verifying it is what makes a webhook trustworthy: without it anyone who learns the URL could
inject customer messages. It must run on the raw bytes as received, before any JSON parsing,
because re-encoding changes the bytes and so the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac

from connectors.whatsapp.errors import SignatureInvalid, SignatureMissing

HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="
_DIGEST_HEX_CHARS = hashlib.sha256().digest_size * 2


def sign(app_secret: str, raw_body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value Meta would send for ``raw_body``: ``sha256=<hex>``."""
    return _PREFIX + _digest(app_secret, raw_body).hex()


def verify_signature(app_secret: str, raw_body: bytes, header: str | None) -> None:
    """Return quietly when ``header`` signs ``raw_body`` with ``app_secret``; raise otherwise.

    Raises ``SignatureMissing`` for an absent or empty header and ``SignatureInvalid`` for a
    wrong prefix, a digest that is not 64 hex digits, or a mismatch. The comparison is
    constant-time so response timing reveals nothing about the expected digest.
    """
    if not app_secret:
        raise ValueError(
            "the WhatsApp app secret is empty; set it to the Meta app's secret (App settings > "
            "Basic), without it any sender could forge a signature"
        )
    if not header:
        raise SignatureMissing()
    if not header.startswith(_PREFIX):
        raise SignatureInvalid("the header does not start with 'sha256='")
    given_hex = header[len(_PREFIX) :]
    if len(given_hex) != _DIGEST_HEX_CHARS:
        raise SignatureInvalid(f"the digest is not {_DIGEST_HEX_CHARS} hex digits")
    try:
        given = bytes.fromhex(given_hex)
    except ValueError:
        raise SignatureInvalid("the digest is not hexadecimal") from None
    if not hmac.compare_digest(given, _digest(app_secret, raw_body)):
        raise SignatureInvalid("the digest does not match the body")


def _digest(app_secret: str, raw_body: bytes) -> bytes:
    return hmac.new(app_secret.encode("utf-8"), raw_body, hashlib.sha256).digest()
