"""Workspace settings versions: numbered across sections, audited without the note's text, the
newest of each section in force; the ledger opens with the workspace's own purposes catalogue
from the next unit of work on, and the deployment's until one is saved."""

from __future__ import annotations

import json

from guardrails.consent import LawfulBasis
from guardrails.errors import CatalogueError
from guardrails.yaml_config import read_config_text
from store.ledger import Ledgers
from tests.store_fixtures import StoreEnv

NOTE = "asked by Priya at the Monday review"


def _analytics_on_consent() -> str:
    """The shipped catalogue with analytics resting on consent instead."""
    text, _ = read_config_text(None, "purposes.yaml", CatalogueError)
    marker = "  analytics:\n"
    head, tail = text.split(marker, 1)
    basis_at = tail.index("lawful_basis:")
    line_end = tail.index("\n", basis_at)
    return f"{head}{marker}{tail[:basis_at]}lawful_basis: consent{tail[line_end:]}"


def test_versions_count_across_sections_and_the_newest_of_each_is_in_force(
    store: StoreEnv,
) -> None:
    with store.ledger() as ledger:
        assert ledger.settings.head() == 0 and ledger.settings.current() == {}
        first = ledger.settings.save("reply_mode", "auto", "user:a1", NOTE, {"mode": "auto"})
        ledger.settings.save("rubric", "weights: {}", "user:a1")
        third = ledger.settings.save("reply_mode", "review", "user:b2", "", {"mode": "review"})
        assert (first.version, third.version, ledger.settings.head()) == (1, 3, 3)
        current = ledger.settings.current()
        assert {section: row.version for section, row in current.items()} == {
            "reply_mode": 3,
            "rubric": 2,
        }
        assert ledger.settings.latest("reply_mode") == third
        assert ledger.settings.latest("notice") is None
        assert [row.version for row in ledger.settings.history()] == [3, 2, 1]
        assert ledger.settings.history()[-1].note == NOTE


def test_each_save_is_audited_with_codes_and_never_the_note(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        ledger.settings.save("reply_mode", "auto", "user:a1", NOTE, {"mode": "auto"})
        entry = ledger.audit.entries()[0]
    assert (entry.action, entry.actor) == ("settings.changed", "user:a1")
    assert entry.subject == "settings:1"
    assert json.loads(entry.details) == {"section": "reply_mode", "mode": "auto"}
    assert "Priya" not in entry.details


def test_workspaces_keep_their_own_versions(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        ledger.settings.save("reply_mode", "auto", "user:a1")
    with store.ledger(f"{store.workspace}-other") as other:
        assert other.settings.head() == 0


def test_the_ledger_follows_a_saved_catalogue_from_the_next_unit_of_work(store: StoreEnv) -> None:
    ledgers = Ledgers(store.database, store.keys, store.catalogue)
    with ledgers.open(store.workspace) as ledger:
        assert ledger.catalogue is store.catalogue  # nothing saved: the deployment's
        assert ledger.catalogue.get("analytics").lawful_basis is not LawfulBasis.CONSENT
        ledger.settings.save("purposes", _analytics_on_consent(), "user:a1")
    with ledgers.open(store.workspace) as ledger:
        saved = ledger.catalogue
        assert saved.get("analytics").lawful_basis is LawfulBasis.CONSENT
        # The Gmail ban on AI training holds whatever an admin saves.
        assert "gmail" in saved.get("ai_training").forbidden_sources
    with ledgers.open(store.workspace) as ledger:
        assert ledger.catalogue is saved  # parsed once per version
    with ledgers.open(f"{store.workspace}-other") as other:
        assert other.catalogue is store.catalogue
