"""Linking a prospect's channels: an e-mail address or phone number the prospect writes
becomes one of their identities, so when they later write from it on the other channel they
are the same lead.

The identifiers are found by the guardrail's own e-mail and phone recognisers (the ones that
keep them from the AI provider; no language-model pass, so it costs little on the hot path),
and looked up and stored through the blind index like any channel identity. An
identifier that already belongs to another contact is not moved: two records of one person are
an audit entry for a rep to merge, never a silent merge that could mix two people's data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from guardrails.engine import GuardrailEngine
from guardrails.entities import EntityType
from store.errors import InvalidInput
from store.identities import IdentityKind
from store.ledger import Ledger
from store.models import Contact

logger = logging.getLogger(__name__)

_LINKABLE = {
    EntityType.EMAIL_ADDRESS.value: IdentityKind.EMAIL,
    EntityType.PHONE_NUMBER.value: IdentityKind.PHONE,
}
# Fewer digits than this, and no "@": no e-mail address or phone number can be in the text,
# and the recognisers need not run.
_MIN_PHONE_DIGITS = 6


@dataclass(frozen=True)
class LinkResult:
    """How many identifiers were linked, and how many belong to someone else."""

    linked: int = 0
    conflicts: int = 0


def _may_hold_identifier(text: str) -> bool:
    return "@" in text or sum(ch.isdigit() for ch in text) >= _MIN_PHONE_DIGITS


def link_identities(
    ledger: Ledger, engine: GuardrailEngine, contact: Contact, texts: Iterable[str], actor: str
) -> LinkResult:
    """Make the e-mail addresses and phone numbers in the prospect's ``texts`` identities of
    ``contact``; one already owned by another contact is recorded as a conflict."""
    linked = conflicts = 0
    for text in texts:
        if not _may_hold_identifier(text):
            continue
        for finding in engine.contact_details(text):
            kind = _LINKABLE.get(finding.entity_type)
            if kind is None:
                continue
            value = text[finding.start : finding.end]
            try:
                owner = ledger.contacts.find(kind, value)
            except InvalidInput:
                continue  # not a number a channel could use ("+91 1234"): nothing to link
            if owner is None:
                ledger.contacts.add_identity(contact, kind, value)
                ledger.audit.append("contact.identity_linked", actor, contact.id, {"kind": kind})
                linked += 1
            elif owner.id != contact.id:
                ledger.audit.append(
                    "contact.link_conflict", actor, contact.id, {"kind": kind, "other": owner.id}
                )
                conflicts += 1
    if linked or conflicts:
        logger.info("identities linked", extra={"linked": linked, "conflicts": conflicts})
    return LinkResult(linked, conflicts)
