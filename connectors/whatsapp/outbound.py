"""Sending stored replies on WhatsApp, each at most once, and what the rules allow.

The send is a three-step dance so no transaction stays open across the network call: claim the
queued message (compare-and-set to ``sending``) and read what to send, call the Graph API, then
record the outcome (the wamid, or a failure code a rep can act on). A worker that dies between
the claim and the record leaves ``sending`` behind, which the recovery sweep marks ``unknown``
rather than sending twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from agent.errors import ChannelRuleBroken
from connectors.whatsapp.client import MAX_TEXT_CHARS, GraphClient, Recipient
from connectors.whatsapp.errors import (
    EmptyText,
    OutsideServiceWindow,
    RateLimiterUnavailable,
    SendFailed,
    TextTooLong,
    WhatsAppError,
)
from connectors.whatsapp.window import require_open_window
from store.identities import IdentityKind, normalise_identity
from store.ledger import Ledger, Ledgers
from store.models import Conversation, utcnow
from store.outbox import Delivery

logger = logging.getLogger(__name__)
ACTOR = "whatsapp"
OUTSIDE_WINDOW = "outside_24h_window"


@dataclass(frozen=True)
class _Outgoing:
    recipient: Recipient
    text: str
    last_received_at: datetime | None


def recipient_for(ledger: Ledger, contact_id: str) -> Recipient:
    """Where replies to the contact go: the phone number when known (as WhatsApp writes it:
    digits with the country code, however the prospect typed it), else the BSUID."""
    identities = ledger.contacts.identities(ledger.contacts.get(contact_id))
    by_kind = {kind: value for kind, value in identities}
    phone = by_kind.get(IdentityKind.WA_ID) or by_kind.get(IdentityKind.PHONE)
    wa_id = normalise_identity(IdentityKind.PHONE, phone) if phone else None
    return Recipient(wa_id=wa_id, bsuid=by_kind.get(IdentityKind.BSUID))


def _require_sendable(text: str, last_received_at: datetime | None) -> None:
    """WhatsApp's rules for free text, as the connector's specific errors."""
    if not text.strip():
        raise EmptyText()
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLong(len(text), MAX_TEXT_CHARS)
    require_open_window(last_received_at, utcnow())


# The stored reason code of each rule a text can break.
_RULE_CODES: dict[type[WhatsAppError], str] = {
    OutsideServiceWindow: OUTSIDE_WINDOW,
    EmptyText: "empty_text",
    TextTooLong: "text_too_long",
}


def check_sendable(ledger: Ledger, conversation: Conversation, text: str) -> None:
    """WhatsApp's rules for free text: not empty, not too long, inside the 24-hour window.
    Raises ChannelRuleBroken with the rule's code (``outside_24h_window``...)."""
    try:
        _require_sendable(text, ledger.inbox.last_received_at(conversation.id))
    except (OutsideServiceWindow, EmptyText, TextTooLong) as exc:
        raise ChannelRuleBroken(_RULE_CODES[type(exc)], str(exc)) from exc


class WhatsAppSender:
    """Delivers queued outbound messages of WhatsApp conversations."""

    def __init__(self, ledgers: Ledgers, client: GraphClient) -> None:
        self._ledgers = ledgers
        self._client = client

    def deliver(self, workspace: str, message_id: str) -> None:
        """Send the queued message ``message_id`` unless another worker has it or it went."""
        outgoing = self._claim(workspace, message_id)
        if outgoing is None:
            return
        try:
            _require_sendable(outgoing.text, outgoing.last_received_at)
            channel_id = self._client.send_text(outgoing.recipient, outgoing.text)
        except (OutsideServiceWindow, EmptyText, TextTooLong) as exc:
            self._record_failure(workspace, message_id, _RULE_CODES[type(exc)])
        except SendFailed as exc:
            self._record_failure(workspace, message_id, exc.reason)
        except RateLimiterUnavailable:
            # Nothing was sent: queued again, and the job's retry (or the sweep) sends it.
            with self._ledgers.open(workspace, ACTOR) as ledger:
                ledger.outbox.hold(ledger.outbox.get(message_id), Delivery.QUEUED)
            raise
        else:
            with self._ledgers.open(workspace, ACTOR) as ledger:
                ledger.outbox.sent(ledger.outbox.get(message_id), channel_id)

    def _claim(self, workspace: str, message_id: str) -> _Outgoing | None:
        with self._ledgers.open(workspace, ACTOR) as ledger:
            if not ledger.outbox.claim(message_id):
                return None
            message = ledger.outbox.get(message_id)
            conversation = ledger.conversations.get(message.conversation_id)
            return _Outgoing(
                recipient=recipient_for(ledger, conversation.contact_id),
                text=ledger.conversations.body(message),
                last_received_at=ledger.inbox.last_received_at(conversation.id),
            )

    def _record_failure(self, workspace: str, message_id: str, reason: str) -> None:
        logger.warning("whatsapp send failed", extra={"reason": reason})
        with self._ledgers.open(workspace, ACTOR) as ledger:
            ledger.outbox.fail(ledger.outbox.get(message_id), reason)
            ledger.audit.append("delivery.failed", ACTOR, message_id, {"reason": reason})
