"""The purposes catalogue and the consent gate, as pure logic over a small interface.

Every processing step names a purpose. The catalogue says on which lawful basis that purpose rests
(DPDP Act s.4/s.7, GDPR Art. 6) and whether an AI provider receives data for it. The gate decides,
from a contact's standing (consents, restriction, objections, age flag), whether the step may run,
and raises a specific :class:`~guardrails.errors.ProcessingRefused` when it may not. Where the
standing comes from (a database, a test double) is the caller's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
from guardrails.yaml_config import parse_config, read_config_text

DEFAULT_CATALOGUE_FILE = "purposes.yaml"
REQUIRED_PURPOSES = frozenset(
    {"lead_qualification", "response_generation", "scheduling", "crm_sync",
     "marketing_followup", "analytics", "ai_training"}
)  # fmt: skip
# Sources whose data may never serve a purpose, whatever the catalogue says. Google's API
# Services User Data Policy (Limited Use) forbids using Gmail data to train generalised AI
# models: a deployment cannot configure that away.
MANDATORY_FORBIDDEN_SOURCES: Mapping[str, frozenset[str]] = {"ai_training": frozenset({"gmail"})}


class LawfulBasis(StrEnum):
    """The grounds a purpose rests on."""

    CONSENT = "consent"
    CONTRACT = "contract"  # including steps the person asked for before a contract
    LEGITIMATE_INTEREST = "legitimate_interest"
    LEGAL_OBLIGATION = "legal_obligation"


class Purpose(BaseModel):
    """One purpose of processing, as an auditor would read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: Annotated[str, Field(min_length=1)]
    lawful_basis: LawfulBasis
    data_categories: tuple[str, ...] = Field(min_length=1)
    uses_ai: bool
    retention_days: Annotated[int, Field(gt=0)]
    withdrawn_by_stop_keyword: bool = False
    # Channels whose data may not be processed for this purpose (their terms forbid it).
    forbidden_sources: frozenset[str] = frozenset()


class PurposeCatalogue(BaseModel):
    """Every purpose the deployment may process personal data for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    controller: Annotated[str, Field(min_length=1)]
    purposes: dict[str, Purpose]

    @field_validator("purposes", mode="after")
    @classmethod
    def _add_mandatory_forbidden_sources(cls, purposes: dict[str, Purpose]) -> dict[str, Purpose]:
        """The sources the law or a provider's terms forbid for a purpose are forbidden
        whatever the file says."""
        return {
            name: purpose.model_copy(
                update={
                    "forbidden_sources": purpose.forbidden_sources
                    | MANDATORY_FORBIDDEN_SOURCES.get(name, frozenset())
                }
            )
            for name, purpose in purposes.items()
        }

    @model_validator(mode="after")
    def _has_required_purposes(self) -> PurposeCatalogue:
        """Refuse a catalogue that lacks a purpose the pipeline relies on."""
        if missing := REQUIRED_PURPOSES - self.purposes.keys():
            raise ValueError(f"purposes: missing {', '.join(sorted(missing))}")
        return self

    def get(self, name: str) -> Purpose:
        """The purpose called ``name``, or UnknownPurpose listing the ones that exist."""
        try:
            return self.purposes[name]
        except KeyError:
            known = ", ".join(sorted(self.purposes))
            raise UnknownPurpose(f"unknown purpose {name!r}; known purposes: {known}") from None

    def stop_keyword_purposes(self) -> tuple[str, ...]:
        """Purposes a STOP message withdraws and a START message grants again."""
        return tuple(name for name, p in self.purposes.items() if p.withdrawn_by_stop_keyword)


def load_catalogue(path: str | Path | None = None) -> PurposeCatalogue:
    """Read the catalogue YAML (the shipped one when ``path`` is None); errors name the field."""
    raw, source = read_config_text(path, DEFAULT_CATALOGUE_FILE, CatalogueError)
    return parse_catalogue(raw, source)


def parse_catalogue(raw: str, source: str) -> PurposeCatalogue:
    """Validate catalogue YAML text (a file's, or one an admin saved in the console);
    CatalogueError names every bad field."""
    return parse_config(raw, f"purposes catalogue {source}", PurposeCatalogue, CatalogueError)


@dataclass(frozen=True)
class ContactStanding:
    """What the gate needs to know about a contact, at the moment of asking."""

    contact_id: str
    consents: Mapping[str, bool] = field(default_factory=dict)  # latest: granted or withdrawn
    restricted: bool = False
    objections: frozenset[str] = frozenset()
    minor: bool = False


class StandingSource(Protocol):
    """Where the gate reads a contact's standing from (the store, in production)."""

    def standing(self, contact_id: str) -> ContactStanding:
        """The contact's current standing; raises if the contact is unknown."""
        ...


def check(
    standing: ContactStanding, name: str, purpose: Purpose, source: str | None = None
) -> None:
    """Raise the specific refusal for processing ``standing``'s contact for ``purpose``, with
    data from channel ``source`` when the step uses a conversation's content."""
    who = standing.contact_id
    if source is not None and source in purpose.forbidden_sources:
        raise SourceForbidden(who, name, f"data from {source} may not be used for it")
    if standing.restricted:
        raise ProcessingRestricted(who, name, "the contact restricted processing")
    if standing.minor and purpose.uses_ai:
        raise MinorProtected(who, name, "the contact is flagged as a minor: no AI processing")
    if name in standing.objections and purpose.lawful_basis is not LawfulBasis.LEGAL_OBLIGATION:
        raise ProcessingObjected(who, name, "the contact objected to this purpose")
    if purpose.lawful_basis is LawfulBasis.CONSENT:
        granted = standing.consents.get(name)
        if granted is None:
            raise ConsentMissing(who, name, "it needs consent and none was given")
        if not granted:
            raise ConsentWithdrawn(who, name, "the contact withdrew consent")


class ConsentGate:
    """The one gate every processing step passes: ``require(contact, purpose)``."""

    def __init__(self, catalogue: PurposeCatalogue, source: StandingSource) -> None:
        self.catalogue = catalogue
        self._source = source

    def require(self, contact_id: str, purpose: str, source: str | None = None) -> Purpose:
        """Return the purpose if processing (of data from channel ``source``, when given) may
        go ahead; raise ProcessingRefused otherwise."""
        details = self.catalogue.get(purpose)
        check(self._source.standing(contact_id), purpose, details, source)
        return details
