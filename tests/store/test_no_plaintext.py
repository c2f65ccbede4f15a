"""Encryption at rest, checked the way an attacker would look: every file in the data
directory, a PostgreSQL dump, the Redis keys and the logs hold none of the plaintext."""

from __future__ import annotations

import logging
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import redis

from store.identities import IdentityKind
from store.processing import Recipient
from tests.store_fixtures import StoreEnv


def _secrets() -> dict[str, str]:
    digits = "".join(random.choice("0123456789") for _ in range(9))
    tag = "".join(random.choice("qxzjkvw") for _ in range(8))
    return {
        "name": f"Zorawar {tag.title()}",
        "phone": f"+91 9{digits[:4]} {digits[4:]}",
        "phone_digits": f"9{digits}",
        "email": f"zorawar.{tag}@example.in",
        "body": f"My PAN is ABCDE1234F and I live at 12 {tag.title()} Marg",
    }


def _write_everything(store: StoreEnv, secrets: dict[str, str]) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.find_or_create(
            IdentityKind.PHONE, secrets["phone"], secrets["name"]
        )
        ledger.contacts.add_identity(contact, IdentityKind.EMAIL, secrets["email"])
        conversation = ledger.conversations.open(contact.id, "whatsapp")
        ledger.conversations.add_message(conversation, "inbound", secrets["body"])
        vault = ledger.vault(conversation.id)
        vault.placeholder_for("PERSON", secrets["name"])
        vault.placeholder_for("PHONE_NUMBER", secrets["phone"])
        vault.placeholder_for("EMAIL_ADDRESS", secrets["email"])
        ledger.record_processing(
            contact.id,
            "lead_qualification",
            Recipient("llm.local"),
            "<PERSON_1> asks",
            {"PERSON": 1},
        )


def _leaks(blob: bytes, secrets: dict[str, str]) -> list[str]:
    return [key for key, value in secrets.items() if value.encode() in blob]


def test_no_plaintext_anywhere(
    store: StoreEnv, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    secrets = _secrets()
    with caplog.at_level(logging.DEBUG):
        _write_everything(store, secrets)
    with store.ledger() as ledger:  # and it all reads back
        contact = ledger.contacts.find(IdentityKind.EMAIL, secrets["email"])
        assert contact is not None and ledger.contacts.name(contact) == secrets["name"]
    store.database.dispose()

    found: dict[str, list[str]] = {}
    for path in store.backend.data_dir.rglob("*"):
        if path.is_file() and (hits := _leaks(path.read_bytes(), secrets)):
            found[str(path)] = hits
    if store.backend.name == "postgresql":
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump is needed to check the PostgreSQL dump"
        dump = subprocess.run(
            [pg_dump, "--data-only", store.backend.admin_url.replace("+psycopg", "")],
            capture_output=True,
            check=True,
        ).stdout
        assert b"vault_entries" in dump or b"COPY" in dump
        if hits := _leaks(dump, secrets):
            found["pg_dump"] = hits
    client = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=3)
    for key in client.scan_iter(count=1000):
        value = client.dump(key) or b""
        if hits := _leaks(key + value, secrets):
            found[f"redis:{key!r}"] = hits
    if hits := _leaks(caplog.text.encode(), secrets):
        found["logs"] = hits
    assert found == {}
