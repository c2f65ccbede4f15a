"""AES-256-GCM field encryption, key wrapping and keyed blind indexes.

Envelope encryption: each workspace has data keys (random, 256-bit) that encrypt its columns; the
data keys are stored wrapped (encrypted) by a master key that never touches the database. Every
key carries an id, written into each ciphertext, so keys can be rotated while old ciphertexts
stay readable. Each ciphertext is bound to its workspace and column through GCM's associated
data, so a value copied into another row's column or workspace fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from store.errors import DecryptionFailed, MasterKeyError, UnknownKey

KEY_BYTES = 32
NONCE_BYTES = 12
_FORMAT = 1
_HEAD_SIGNING_INFO = b"aspinix audit head signature"


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return os.urandom(KEY_BYTES)


def encode_key(secret: bytes) -> str:
    """The text form of a key, as ASPINIX_MASTER_KEY holds it (URL-safe base64)."""
    return base64.urlsafe_b64encode(secret).decode()


def _seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def _open(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except InvalidTag as exc:
        raise DecryptionFailed("ciphertext failed authentication (wrong key or tampered)") from exc


@dataclass(frozen=True)
class MasterKey:
    """One master key; its id is derived from it, so configuration carries only the secret."""

    key_id: str
    secret: bytes

    @classmethod
    def from_text(cls, text: str) -> MasterKey:
        """Parse one base64 key; MasterKeyError says what is wrong with it."""
        try:
            secret = base64.urlsafe_b64decode(text.strip().encode())
        except (binascii.Error, ValueError) as exc:
            raise MasterKeyError("a master key is not valid URL-safe base64") from exc
        if len(secret) != KEY_BYTES:
            raise MasterKeyError(
                f"a master key must decode to {KEY_BYTES} bytes, not {len(secret)}"
            )
        return cls(hashlib.sha256(b"aspinix master key id" + secret).hexdigest()[:16], secret)


class MasterKeyRing:
    """The current master key (first) and older ones still accepted for unwrapping."""

    def __init__(self, keys: list[MasterKey]) -> None:
        if not keys:
            raise MasterKeyError("no master key configured")
        self.current = keys[0]
        self._by_id = {key.key_id: key for key in keys}

    @classmethod
    def from_text(cls, text: str) -> MasterKeyRing:
        """Parse ASPINIX_MASTER_KEY: comma-separated keys, the current one first."""
        return cls([MasterKey.from_text(part) for part in text.split(",") if part.strip()])

    def _key(self, key_id: str) -> MasterKey:
        try:
            return self._by_id[key_id]
        except KeyError:
            raise UnknownKey(
                f"master key {key_id} is not in ASPINIX_MASTER_KEY; add it after the current "
                "key until `aspinix keys rotate` has re-wrapped everything"
            ) from None

    def wrap(self, data_key: bytes, associated: bytes) -> tuple[str, bytes]:
        """Encrypt a data key under the current master key; returns (master key id, wrapped)."""
        return self.current.key_id, _seal(self.current.secret, data_key, associated)

    def unwrap(self, master_key_id: str, wrapped: bytes, associated: bytes) -> bytes:
        """Decrypt a data key wrapped by any master key of the ring."""
        return _open(self._key(master_key_id).secret, wrapped, associated)

    def _signing_key(self, key_id: str) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_HEAD_SIGNING_INFO)
        return hkdf.derive(self._key(key_id).secret)

    def sign(self, message: bytes) -> tuple[str, str]:
        """HMAC-SHA256 of ``message`` under a key derived from the current master key."""
        key_id = self.current.key_id
        return key_id, hmac.new(self._signing_key(key_id), message, hashlib.sha256).hexdigest()

    def signature_valid(self, key_id: str, message: bytes, signature: str) -> bool:
        """Whether ``signature`` was made by :meth:`sign` with master key ``key_id``."""
        expected = hmac.new(self._signing_key(key_id), message, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)


class FieldCipher:
    """Encrypts one workspace's column values under its active data key.

    Layout of a ciphertext: format byte, key-id length byte, key id (ASCII), nonce, GCM output.
    Decryption looks the key id up, so values written before a rotation stay readable.
    """

    def __init__(self, workspace_id: str, active_id: str, lookup: Callable[[str], bytes]) -> None:
        self._workspace_id = workspace_id
        self._active_id = active_id
        self._lookup = lookup

    def _associated(self, column: str) -> bytes:
        return f"{self._workspace_id}|{column}".encode()

    def encrypt(self, plaintext: str, column: str) -> bytes:
        """Encrypt ``plaintext`` for ``column`` (e.g. "messages.body")."""
        key_id = self._active_id.encode("ascii")
        sealed = _seal(self._lookup(self._active_id), plaintext.encode(), self._associated(column))
        return bytes((_FORMAT, len(key_id))) + key_id + sealed

    def decrypt(self, ciphertext: bytes, column: str) -> str:
        """Decrypt a value :meth:`encrypt` wrote for the same workspace and column."""
        if len(ciphertext) < 2 or ciphertext[0] != _FORMAT:
            raise DecryptionFailed(f"{column}: not a ciphertext of format {_FORMAT}")
        end = 2 + ciphertext[1]
        key_id = ciphertext[2:end].decode("ascii")
        return _open(self._lookup(key_id), ciphertext[end:], self._associated(column)).decode()


class BlindIndex:
    """Keyed HMAC of a normalised identifier: equality lookups without storing plaintext.

    The key is the workspace's own, so the same phone number indexes differently in two
    workspaces, and nobody without the key can test guesses against the column.
    """

    def __init__(self, key: bytes) -> None:
        self._key = key

    def digest(self, kind: str, normalised_value: str) -> str:
        """The index value for one identifier of ``kind`` (already normalised)."""
        message = f"{kind}\x1f{normalised_value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
