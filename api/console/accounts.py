"""Account secrets: Argon2 password hashes, TOTP (RFC 6238) secrets and codes, recovery codes,
and the QR code a phone scans to enrol.

Libraries do the cryptography: argon2-cffi (the reference Argon2 binding, OWASP's first
choice for password storage), pyotp (RFC 6238 with constant-time comparison) and segno (QR
codes as SVG, pure Python). This module only fixes the parameters and the rules around them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
import time

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.console.errors import WeakPassword

ISSUER = "Aspinix"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
RECOVERY_CODE_COUNT = 10
_TOTP_PERIOD = 30
# A code from the step before or after the current one is accepted: phones drift.
_TOTP_DRIFT_STEPS = 1

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 "low memory" profile
# Verified against when the e-mail is unknown, so a wrong address costs what a wrong password
# costs and the timing does not tell which addresses have accounts.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def check_password_rules(password: str) -> None:
    """WeakPassword unless the password's length is within the rules (NIST SP 800-63B: length
    matters, composition rules do not)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"password: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"password: use at most {MAX_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    """The Argon2id hash to store, after the length rules."""
    check_password_rules(password)
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; with no hash (unknown user) the same work
    is done against a dummy and the answer is False."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    """A random base32 TOTP secret (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(32)


def enrolment_uri(secret: str, email: str) -> str:
    """The ``otpauth://totp/...`` URI an authenticator app enrols from."""
    return pyotp.TOTP(secret, interval=_TOTP_PERIOD).provisioning_uri(
        name=email, issuer_name=ISSUER
    )


def qr_data_uri(uri: str) -> str:
    """The enrolment URI as an SVG QR code, inline (``data:``), so no image is fetched."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step whose code ``code`` is (within one step of drift), or None. The caller
    accepts a step only once."""
    cleaned = "".join(code.split())
    if not (cleaned.isdigit() and len(cleaned) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=_TOTP_PERIOD)
    now = time.time() if at is None else at
    current = int(now // _TOTP_PERIOD)
    for step in range(current - _TOTP_DRIFT_STEPS, current + _TOTP_DRIFT_STEPS + 1):
        if pyotp.utils.strings_equal(totp.at(step * _TOTP_PERIOD), cleaned):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Fresh one-time recovery codes, shown once: 80 random bits each, as four groups of four
    base32 characters."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code (high-entropy and random: a plain hash suffices)."""
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()
