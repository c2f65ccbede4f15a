"""Google-style OIDC tokens for the fakes: an RSA key with a self-signed certificate, and JWTs.

Pub/Sub push requests carry an RS256 ID token signed by Google; Google publishes the public
halves at ``/oauth2/v1/certs`` as ``{kid: PEM certificate}``, the format
``google.oauth2.id_token.verify_token`` understands. ``SigningKey`` is one such key pair, and
``mint_token`` signs claims with it through google-auth's own ``RSASigner`` and ``jwt.encode``,
so the tokens are exactly what the verifier expects. RSA keys are generated once per process
and per label (generation is the slow part), each fake instance giving them fresh key ids.
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

GOOGLE_ISSUER = "https://accounts.google.com"


@dataclass(frozen=True)
class SigningKey:
    """A private key, the key id tokens name, and the certificate published for it."""

    kid: str
    private_key: rsa.RSAPrivateKey
    certificate_pem: str

    def with_kid(self, kid: str) -> SigningKey:
        """The same key under another key id (an attacker reusing a published kid, say)."""
        return SigningKey(kid, self.private_key, self.certificate_pem)


def signing_key(label: str, kid: str) -> SigningKey:
    """The process-wide key of ``label`` (e.g. "google", "attacker") under key id ``kid``."""
    private_key, certificate_pem = _key_material(label)
    return SigningKey(kid, private_key, certificate_pem)


def mint_token(key: SigningKey, claims: Mapping[str, Any]) -> str:
    """An RS256 JWT of ``claims`` signed by ``key``, with ``kid`` in its header."""
    signer = crypt.RSASigner(key.private_key, key_id=key.kid)  # type: ignore[no-untyped-call]
    token: bytes = jwt.encode(signer, dict(claims))  # type: ignore[no-untyped-call]
    return token.decode("ascii")


def push_claims(
    audience: str,
    email: str,
    *,
    issuer: str = GOOGLE_ISSUER,
    email_verified: bool = True,
    expires_in: int = 3600,
    subject: str = "112233445566778899000",
) -> dict[str, Any]:
    """The claims of a Pub/Sub push token, as Google sends them."""
    now = int(time.time())
    issued_at = now if expires_in > 0 else now + expires_in - 60  # expired: issued earlier
    return {
        "aud": audience,
        "azp": subject,
        "email": email,
        "email_verified": email_verified,
        "exp": now + expires_in,
        "iat": issued_at,
        "iss": issuer,
        "sub": subject,
    }


@functools.cache
def _key_material(label: str) -> tuple[rsa.RSAPrivateKey, str]:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"fake {label} oauth2 key")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(private_key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return private_key, pem
