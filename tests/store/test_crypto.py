"""Field encryption, key wrapping and blind indexes, without a database."""

from __future__ import annotations

import pytest

from store.crypto import BlindIndex, FieldCipher, MasterKey, MasterKeyRing, encode_key, new_key
from store.errors import DecryptionFailed, MasterKeyError, UnknownKey


def _cipher(workspace: str = "w1", keys: dict[str, bytes] | None = None) -> FieldCipher:
    store = keys if keys is not None else {"k1": b"\x01" * 32}
    return FieldCipher(workspace, next(iter(store)), store.__getitem__)


def test_round_trip_and_no_plaintext_in_ciphertext() -> None:
    cipher = _cipher()
    sealed = cipher.encrypt("Priya Sharma +91 98765 43210", "messages.body")
    assert b"Priya" not in sealed and b"98765" not in sealed
    assert cipher.decrypt(sealed, "messages.body") == "Priya Sharma +91 98765 43210"


def test_same_plaintext_encrypts_differently_each_time() -> None:
    cipher = _cipher()
    assert cipher.encrypt("x", "c") != cipher.encrypt("x", "c")


def test_ciphertext_is_bound_to_column_and_workspace() -> None:
    keys = {"k1": b"\x02" * 32}
    sealed = _cipher("w1", keys).encrypt("secret", "contacts.name")
    with pytest.raises(DecryptionFailed):
        _cipher("w1", keys).decrypt(sealed, "messages.body")
    with pytest.raises(DecryptionFailed):
        _cipher("w2", keys).decrypt(sealed, "contacts.name")


def test_tampered_ciphertext_fails() -> None:
    cipher = _cipher()
    sealed = bytearray(cipher.encrypt("secret", "c"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(bytes(sealed), "c")
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(b"plain text", "c")


def test_master_key_parsing_names_the_problem() -> None:
    with pytest.raises(MasterKeyError, match="32 bytes"):
        MasterKey.from_text(encode_key(b"short"))
    with pytest.raises(MasterKeyError, match="base64"):
        MasterKey.from_text("not base64 !!!")
    with pytest.raises(MasterKeyError, match="no master key"):
        MasterKeyRing.from_text(" , ")


def test_ring_unwraps_with_old_keys_and_refuses_unknown_ones() -> None:
    old, new = encode_key(new_key()), encode_key(new_key())
    key_id, wrapped = MasterKeyRing.from_text(old).wrap(b"k" * 32, b"ad")
    assert MasterKeyRing.from_text(f"{new},{old}").unwrap(key_id, wrapped, b"ad") == b"k" * 32
    with pytest.raises(UnknownKey, match="ASPINIX_MASTER_KEY"):
        MasterKeyRing.from_text(new).unwrap(key_id, wrapped, b"ad")


def test_head_signature_checks_message_and_key() -> None:
    ring = MasterKeyRing.from_text(encode_key(new_key()))
    key_id, signature = ring.sign(b"head")
    assert ring.signature_valid(key_id, b"head", signature)
    assert not ring.signature_valid(key_id, b"head2", signature)


def test_blind_index_is_keyed() -> None:
    one, two = BlindIndex(b"a" * 32), BlindIndex(b"b" * 32)
    assert one.digest("phone", "919876543210") == one.digest("phone", "919876543210")
    assert one.digest("phone", "919876543210") != two.digest("phone", "919876543210")
    assert "919876543210" not in one.digest("phone", "919876543210")
