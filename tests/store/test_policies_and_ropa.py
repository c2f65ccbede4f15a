"""Stored policy versions that a running engine follows, and the ROPA export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.errors import PolicyError
from guardrails.policy import parse_policy
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
        entry = ledger.audit.entries()[0]
    assert (entry.action, entry.subject) == ("policy.changed", "policy:2")
    # Codes only: the names of the settings changed, never the note or an allow-list term.
    assert json.loads(entry.details) == {
        "changed": ["allow_list", "entities.PERSON.enabled"],
        "noted": True,
    }
    assert "Aspinix" not in entry.details and "names off" not in entry.details


def test_a_version_applies_to_its_own_workspace_from_the_next_unit_of_work(
    store: StoreEnv, engine: GuardrailEngine
) -> None:
    follower = PolicyFollower(engine)
    text = "Hi, Priya Sharma here from Aspinix"
    other = f"{store.workspace}-other"
    with store.ledger() as ledger:
        before = follower.engine_for(ledger.policies)
        assert ledger.policies.current() is not None  # the file's policy, as version 1
        assert "PERSON" in {f.entity_type for f in before.analyze(text)}
        assert follower.engine_for(ledger.policies) is before  # no new view without a version
        ledger.policies.save(NO_PERSONS, "admin@acme")
    with store.ledger() as ledger:
        after = follower.engine_for(ledger.policies)
    assert "PERSON" not in {f.entity_type for f in after.analyze(text)}
    # The shared engine and the other workspace keep their own policy.
    assert "PERSON" in {f.entity_type for f in engine.analyze(text)}
    with store.ledger(other) as ledger:
        elsewhere = follower.engine_for(ledger.policies)
    assert "PERSON" in {f.entity_type for f in elsewhere.analyze(text)}


def test_the_initial_version_is_the_engines_policy(
    store: StoreEnv, engine: GuardrailEngine
) -> None:
    with store.ledger() as ledger:
        PolicyFollower(engine).engine_for(ledger.policies)
        initial = ledger.policies.current()
        assert initial is not None and (initial.version, initial.author) == (1, "system")
    assert parse_policy(initial.policy_yaml) == engine.policy


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
