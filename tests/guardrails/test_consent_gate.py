"""The consent gate and the purposes catalogue, as pure logic."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails.consent import (
    REQUIRED_PURPOSES,
    ConsentGate,
    ContactStanding,
    LawfulBasis,
    load_catalogue,
)
from guardrails.errors import (
    CatalogueError,
    ConsentMissing,
    ConsentWithdrawn,
    MinorProtected,
    ProcessingObjected,
    ProcessingRestricted,
    SourceForbidden,
    UnknownPurpose,
)


class Standings:
    """A StandingSource over a dict, as a test double for the store."""

    def __init__(self, **standing: ContactStanding) -> None:
        self._standing = standing

    def standing(self, contact_id: str) -> ContactStanding:
        return self._standing[contact_id]


def _gate(standing: ContactStanding) -> ConsentGate:
    return ConsentGate(load_catalogue(), Standings(c=standing))


def test_shipped_catalogue_has_every_required_purpose_with_a_basis() -> None:
    catalogue = load_catalogue()
    assert catalogue.purposes.keys() >= REQUIRED_PURPOSES
    assert catalogue.get("marketing_followup").lawful_basis is LawfulBasis.CONSENT
    assert catalogue.stop_keyword_purposes() == ("marketing_followup",)


def test_contract_purpose_needs_no_consent_but_consent_purpose_does() -> None:
    gate = _gate(ContactStanding("c"))
    assert gate.require("c", "lead_qualification").lawful_basis is LawfulBasis.CONTRACT
    with pytest.raises(ConsentMissing, match="marketing_followup"):
        gate.require("c", "marketing_followup")


def test_withdrawn_consent_refuses() -> None:
    gate = _gate(ContactStanding("c", consents={"marketing_followup": False}))
    with pytest.raises(ConsentWithdrawn):
        gate.require("c", "marketing_followup")
    assert _gate(ContactStanding("c", consents={"marketing_followup": True})).require(
        "c", "marketing_followup"
    )


def test_restriction_refuses_every_purpose() -> None:
    gate = _gate(ContactStanding("c", restricted=True))
    for purpose in REQUIRED_PURPOSES:
        with pytest.raises(ProcessingRestricted):
            gate.require("c", purpose)


def test_objection_refuses_that_purpose_only() -> None:
    gate = _gate(ContactStanding("c", objections=frozenset({"analytics"})))
    with pytest.raises(ProcessingObjected):
        gate.require("c", "analytics")
    gate.require("c", "crm_sync")


def test_minor_gets_no_ai_processing_but_non_ai_steps_run() -> None:
    gate = _gate(ContactStanding("c", minor=True))
    with pytest.raises(MinorProtected):
        gate.require("c", "response_generation")
    gate.require("c", "scheduling")


def test_unknown_purpose_lists_the_known_ones() -> None:
    with pytest.raises(UnknownPurpose, match="lead_qualification"):
        _gate(ContactStanding("c")).require("c", "selling_data")


def test_catalogue_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "purposes.yaml"
    bad.write_text(
        "controller: x\npurposes:\n  analytics: {description: a, lawful_basis: whim,"
        " data_categories: [a], uses_ai: false, retention_days: 3}\n"
    )
    with pytest.raises(CatalogueError, match=r"purposes\.analytics\.lawful_basis"):
        load_catalogue(bad)
    bad.write_text(
        "controller: x\npurposes:\n  analytics: {description: a, lawful_basis: consent,"
        " data_categories: [a], uses_ai: false, retention_days: 3}\n"
    )
    with pytest.raises(CatalogueError, match="missing ai_training"):
        load_catalogue(bad)


def test_gmail_data_never_serves_ai_training_even_with_consent() -> None:
    """Google's Limited Use requirements: the gate refuses Gmail content for AI training."""
    gate = _gate(ContactStanding("c", consents={"ai_training": True}))
    with pytest.raises(SourceForbidden, match="gmail"):
        gate.require("c", "ai_training", source="gmail")
    assert gate.require("c", "ai_training", source="whatsapp").lawful_basis is LawfulBasis.CONSENT
    assert gate.require("c", "response_generation", source="gmail")


def test_a_catalogue_cannot_drop_the_gmail_training_ban(tmp_path: Path) -> None:
    shipped = (Path(__file__).parents[2] / "guardrails/data/purposes.yaml").read_text()
    custom = tmp_path / "purposes.yaml"
    custom.write_text(shipped.replace("forbidden_sources: [gmail]", "forbidden_sources: []"))
    catalogue = load_catalogue(custom)
    assert "gmail" in catalogue.get("ai_training").forbidden_sources
    gate = ConsentGate(catalogue, Standings(c=ContactStanding("c", consents={"ai_training": True})))
    with pytest.raises(SourceForbidden):
        gate.require("c", "ai_training", source="gmail")
