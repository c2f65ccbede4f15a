"""The ledger commands, run as real processes on the embedded SQLite default."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aspinix.settings import Settings
from guardrails.consent import load_catalogue
from store.crypto import MasterKeyRing, encode_key, new_key
from store.db import Database
from store.identities import IdentityKind
from store.keys import KeyManager
from store.ledger import Ledgers
from store.migrate import head_revision, upgrade

PHONE = "+91 98765 43210"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aspinix.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **env},
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A data directory with one contact in workspace "acme"."""
    key = encode_key(new_key())
    database = Database(f"sqlite:///{tmp_path / 'aspinix.db'}")
    upgrade(database.engine)
    ledgers = Ledgers(database, KeyManager(MasterKeyRing.from_text(key)), load_catalogue())
    with ledgers.open("acme") as ledger:
        ledger.contacts.find_or_create(IdentityKind.PHONE, PHONE, "Priya")
    database.dispose()
    return {
        "ASPINIX_DATA_DIR": str(tmp_path),
        "ASPINIX_MASTER_KEY": key,
        "ASPINIX_WORKSPACE": "acme",
    }


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    result = run({"ASPINIX_DATA_DIR": str(tmp_path)}, "db", "upgrade")
    assert result.returncode == 0 and f"revision {head_revision()}" in result.stdout
    assert (tmp_path / "aspinix.db").exists()


def test_consent_grant_show_withdraw(env: dict[str, str]) -> None:
    granted = run(env, "consent", "grant", "9876543210", "marketing_followup", "--channel", "form")
    assert granted.returncode == 0, granted.stderr
    withdrawn = run(env, "consent", "withdraw", PHONE, "marketing_followup")
    history = json.loads(withdrawn.stdout)["consents"]
    assert [(c["purpose"], c["granted"]) for c in history] == [
        ("marketing_followup", True),
        ("marketing_followup", False),
    ]
    assert history[0]["channel"] == "form"
    assert history[0]["notice"] == Settings().privacy_notice_version
    shown = json.loads(run(env, "consent", "show", PHONE).stdout)
    assert shown["consents"] == history


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "+91 90000 00000"], "no contact"),
        (["grant", PHONE, "reselling"], "unknown purpose 'reselling'"),
        (["grant", PHONE], "needs a PURPOSE"),
        (["show", "not-a-contact"], "neither a contact id"),
    ],
)
def test_consent_errors_are_clear(env: dict[str, str], args: list[str], message: str) -> None:
    result = run(env, "consent", *args)
    assert result.returncode == 1 and message in result.stderr


def test_audit_verify_head_and_tamper(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "consent", "grant", PHONE, "analytics")
    run(env, "consent", "grant", PHONE, "marketing_followup")
    verified = run(env, "audit", "verify")
    assert verified.returncode == 0 and "verified 2 audit entries" in verified.stdout
    head = tmp_path / "head.json"
    head.write_text(run(env, "audit", "head").stdout)
    assert run(env, "audit", "verify", "--expect-head", str(head)).returncode == 0
    with sqlite3.connect(tmp_path / "aspinix.db") as connection:
        connection.execute("UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 2")
    broken = run(env, "audit", "verify", "--workspace", "acme")
    assert broken.returncode == 1 and "entry 2 was altered" in broken.stderr
    with sqlite3.connect(tmp_path / "aspinix.db") as connection:
        connection.execute("DELETE FROM audit_entries WHERE seq = 2")
    assert run(env, "audit", "verify").returncode == 0  # a cut-off tail still links up...
    truncated = run(env, "audit", "verify", "--expect-head", str(head))
    assert truncated.returncode == 1 and "removed" in truncated.stderr  # ...but not to the head


def test_ropa_export_json_and_csv(env: dict[str, str], tmp_path: Path) -> None:
    as_json = json.loads(run(env, "ropa", "export", "--format", "json").stdout)
    purposes = {row["purpose"] for row in as_json["record_of_processing_activities"]}
    assert "lead_qualification" in purposes
    out = tmp_path / "ropa.csv"
    assert run(env, "ropa", "export", "--format", "csv", "--output", str(out)).returncode == 0
    assert {row["purpose"] for row in csv.DictReader(io.StringIO(out.read_text()))} == purposes


def test_master_key_rotation_without_losing_data(env: dict[str, str]) -> None:
    old, new = env["ASPINIX_MASTER_KEY"], encode_key(new_key())
    assert run({**env, "ASPINIX_MASTER_KEY": new}, "consent", "show", PHONE).returncode == 1
    rotated = run(
        {**env, "ASPINIX_MASTER_KEY": f"{new},{old}"}, "keys", "rotate", "--new-data-keys"
    )
    report = json.loads(rotated.stdout)
    assert report["rewrapped"] == 2 and report["new_data_keys"] == 1
    after = run({**env, "ASPINIX_MASTER_KEY": new}, "consent", "grant", PHONE, "analytics")
    assert after.returncode == 0, after.stderr
    verified = run({**env, "ASPINIX_MASTER_KEY": new}, "audit", "verify")
    assert "verified 2 audit entries" in verified.stdout  # the rotation, then the grant


def test_production_mode_needs_a_master_key(tmp_path: Path) -> None:
    result = run(
        {"ASPINIX_DATA_DIR": str(tmp_path), "ASPINIX_PRODUCTION": "true", "ASPINIX_MASTER_KEY": ""},
        "audit",
        "verify",
    )
    assert result.returncode == 2 and "ASPINIX_MASTER_KEY" in result.stderr
    assert not (tmp_path / "master.key").exists()


def test_development_key_is_generated_private_with_a_warning(tmp_path: Path) -> None:
    result = run({"ASPINIX_DATA_DIR": str(tmp_path), "ASPINIX_MASTER_KEY": ""}, "audit", "verify")
    assert result.returncode == 0
    assert "development master key" in result.stderr
    assert (tmp_path / "master.key").stat().st_mode & 0o777 == 0o600
