"""One-click unsubscribe (RFC 8058) for marketing follow-ups.

Each follow-up carries a link signed for its contact: the contact id and a keyed HMAC of it
under the workspace's index key, so the link works without signing in, cannot be forged for
another contact, and reveals nothing about the person. Using it withdraws every purpose a STOP
message withdraws (marketing), with the method as evidence in the consent record and the audit
log; a second use changes nothing.
"""

from __future__ import annotations

import hmac

from agent.errors import InvalidUnsubscribeLink
from store.errors import NotFound
from store.ledger import Ledger

_FAMILY = "unsubscribe"
_SIGNATURE_CHARS = 32  # 128 bits of the HMAC: unguessable, and a short enough URL
ACTOR = "contact:one-click-unsubscribe"


def unsubscribe_token(ledger: Ledger, contact_id: str) -> str:
    """The signed token of ``contact_id``'s unsubscribe link."""
    return f"{contact_id}.{_signature(ledger, contact_id)}"


def unsubscribe_url(public_url: str, token: str) -> str:
    """The HTTPS link a follow-up's ``List-Unsubscribe`` header carries."""
    return f"{public_url.rstrip('/')}/unsubscribe/{token}"


def _signature(ledger: Ledger, contact_id: str) -> str:
    return ledger.scope.keys.index.digest(_FAMILY, contact_id)[:_SIGNATURE_CHARS]


def contact_for_token(ledger: Ledger, token: str) -> str:
    """The contact a token was signed for; InvalidUnsubscribeLink when it was not signed
    here or the contact no longer exists."""
    contact_id, _, signature = token.partition(".")
    if not contact_id or not hmac.compare_digest(signature, _signature(ledger, contact_id)):
        raise InvalidUnsubscribeLink("this unsubscribe link is not valid")
    try:
        return ledger.contacts.get(contact_id).id
    except NotFound:
        raise InvalidUnsubscribeLink("this unsubscribe link is no longer valid") from None


def unsubscribe(ledger: Ledger, token: str, *, method: str, source_channel: str) -> bool:
    """Withdraw marketing consent for the token's contact; False when it already was."""
    contact_id = contact_for_token(ledger, token)
    standing = ledger.consent.standing(contact_id)
    changed = False
    for purpose in ledger.catalogue.stop_keyword_purposes():
        if standing.consents.get(purpose) is False:
            continue
        ledger.consent.record(
            contact_id, purpose, False, source_channel=source_channel, actor=ACTOR
        )
        changed = True
    ledger.audit.append("contact.unsubscribed", ACTOR, contact_id, {"method": method})
    return changed
