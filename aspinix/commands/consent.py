"""``aspinix consent show|grant|withdraw``: a contact's consent history, and recording changes
made outside a channel (a signed form, a phone call), with the evidence named."""

from __future__ import annotations

import json
import re
import sys

from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from guardrails.errors import GuardrailError
from store.errors import InvalidInput, NotFound, StoreError
from store.identities import IdentityKind
from store.ledger import Ledger
from store.models import Contact

_CONTACT_ID = re.compile(r"^[0-9a-f]{32}$")


def resolve_contact(ledger: Ledger, reference: str) -> Contact:
    """A contact by id, e-mail address or phone number (looked up by blind index)."""
    if _CONTACT_ID.match(reference):
        return ledger.contacts.get(reference)
    kind = IdentityKind.EMAIL if "@" in reference else IdentityKind.PHONE
    try:
        contact = ledger.contacts.find(kind, reference)
    except InvalidInput as exc:
        raise NotFound(f"{reference!r} is neither a contact id, an e-mail nor a phone") from exc
    if contact is None:
        raise NotFound(f"no contact with that {kind} in this workspace")
    return contact


def run_consent(
    settings: Settings,
    action: str,
    reference: str,
    purpose: str | None,
    channel: str,
    evidence: str | None,
) -> int:
    """Show a contact's consent history, or grant/withdraw one purpose."""
    context = open_store(settings)
    try:
        with context.ledger() as ledger:
            contact = resolve_contact(ledger, reference)
            if action != "show":
                if purpose is None:
                    raise InvalidInput(f"consent {action} needs a PURPOSE")
                ledger.consent.record(
                    contact.id,
                    purpose,
                    action == "grant",
                    source_channel=channel,
                    actor=context.actor,
                    notice_version=settings.privacy_notice_version,
                    evidence_message_id=evidence,
                )
            history = [
                {
                    "purpose": r.purpose,
                    "granted": r.granted,
                    "at": r.recorded_at.isoformat(),
                    "channel": r.source_channel,
                    "notice": r.notice_version,
                    "actor": r.actor,
                    "evidence_message": r.evidence_message_id,
                }
                for r in ledger.consent.history(contact.id)
            ]
    except (StoreError, GuardrailError) as exc:
        print(f"aspinix: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"contact": contact.id, "consents": history}, indent=2))
    return 0
