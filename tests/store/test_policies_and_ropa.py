"""Stored policy versions that a running engine follows, and the ROPA export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.errors import PolicyError
from guardrails.policy import load_policy
from store.policies import PolicyFollower
from store.processing import Recipient
from store.ropa import build_ropa, ropa_csv, ropa_json
from store.workspaces import get_workspace
from tests.store_fixtures import StoreEnv

FILE_POLICY = "version: 1\ndefault_threshold: 0.5\n"
NO_PERSONS = "version: 1\nentities:\n  PERSON: {enabled: false}\nallow_list: [Aspinix]\n"


def test_versions_are_numbered_audited_and_validated(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        assert ledger.policies.ensure_initial(FILE_POLICY).version == 1
        assert ledger.policies.ensure_initial("ignored: once a version exists").version == 1
        second = ledger.policies.save(NO_PERSONS, "admin@acme", "names off for a test")
        assert second.version == 2 and ledger.policies.current() == second
        with pytest.raises(PolicyError, match=r"entities\.PERSON\.operator"):
            ledger.policies.save("entities:\n  PERSON: {operator: shred}\n", "admin@acme")
        assert [v.version for v in ledger.policies.history()] == [2, 1]
        assert ledger.audit.entries()[0].action == "policy.changed"


def test_running_engine_follows_a_new_version_without_restart(
    store: StoreEnv, engine: GuardrailEngine
) -> None:
    follower = PolicyFollower(engine)
    text = "Hi, Priya Sharma here from Aspinix"
    try:
        with store.ledger() as ledger:
            ledger.policies.ensure_initial(FILE_POLICY)
            follower.refresh(ledger.policies)
            assert "PERSON" in {f.entity_type for f in engine.analyze(text)}
            ledger.policies.save(NO_PERSONS, "admin@acme")
            follower.refresh(ledger.policies)
        assert follower.version == 2
        assert "PERSON" not in {f.entity_type for f in engine.analyze(text)}
    finally:
        engine.use_policy(load_policy())


def test_ropa_lists_every_purpose_with_recipients_seen(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        contact = ledger.contacts.create()
        ledger.record_processing(
            contact.id, "lead_qualification", Recipient("api.openai.com", "gpt-4o", "us"), "x", {}
        )
    with store.database.session() as session:
        rows = build_ropa(session, get_workspace(session, store.workspace), store.catalogue)
    by_purpose = {row["purpose"]: row for row in rows}
    assert set(by_purpose) == set(store.catalogue.purposes)
    qualification = by_purpose["lead_qualification"]
    assert qualification["recipients"] == ["api.openai.com (gpt-4o)"]
    assert qualification["transfer_regions"] == ["us"]
    assert qualification["processing_count"] == 1
    assert by_purpose["ai_training"]["lawful_basis"] == "consent"
    parsed = json.loads(ropa_json(rows))["record_of_processing_activities"]
    assert len(parsed) == len(rows)
    table = list(csv.DictReader(io.StringIO(ropa_csv(rows))))
    assert {r["purpose"] for r in table} == set(by_purpose)
    assert next(r for r in table if r["purpose"] == "lead_qualification")["recipients"] == (
        "api.openai.com (gpt-4o)"
    )
