"""What the conversation page shows, read (and decrypted) from the ledger in one place, with
the audit entry every such view of personal data leaves.

The lead card renders the facts JSON generically: each fact's ``text`` is the prospect's own
words and its other fields are the normalised values, so new facts show up without changes
here. The egress column shows, per message, exactly what the AI provider saw of it (the stored
pseudonymised form), or that it never saw it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from guardrails.consent import LawfulBasis
from store.ledger import Ledger
from store.models import Conversation, Message, as_utc
from store.outbox import Delivery

NOT_SENT = "Never sent to the model."
_EGRESS_LABELS = {
    "inbound": "The model was sent",
    "ai": "The model wrote (before real values replaced its placeholders); later turns send "
    "it back as",
    "outbound": "The model was sent, as history in a later turn,",
}


@dataclass(frozen=True)
class MessageView:
    """One message as a rep reads it."""

    id: str
    direction: str
    author: str
    created_at: datetime
    content_kind: str
    delivery: str | None
    delivery_error: str | None
    body: str
    egress: str | None
    egress_label: str

    @property
    def is_draft(self) -> bool:
        """A reply waiting for a rep: shown in an editable box with its actions."""
        return self.delivery == Delivery.DRAFT


@dataclass(frozen=True)
class FactView:
    """One lead fact: the prospect's own words and the values read from them."""

    name: str
    words: str | None
    values: tuple[tuple[str, str], ...]

    @property
    def stated(self) -> bool:
        """Whether the prospect said anything about it."""
        return self.words is not None or bool(self.values)


@dataclass(frozen=True)
class ConsentView:
    """Where one purpose of the catalogue stands for the contact."""

    purpose: str
    description: str
    lawful_basis: str
    state: str  # "granted", "withdrawn", "not asked" or "not needed" (another lawful basis)
    objected: bool


@dataclass(frozen=True)
class LeadCard:
    """The side panel: what the agent learned, the score, consent and the contact's channels."""

    facts: tuple[FactView, ...]
    score: int | None
    priority: str | None
    reasons: tuple[str, ...]
    consents: tuple[ConsentView, ...]
    restricted: bool
    minor: bool
    identities: tuple[tuple[str, str], ...]
    channels: tuple[str, ...]


@dataclass(frozen=True)
class ConversationView:
    """The whole conversation page."""

    id: str
    channel: str
    status: str
    handoff_reason: str | None
    contact_name: str | None
    messages: tuple[MessageView, ...]
    lead: LeadCard

    @property
    def first_draft_id(self) -> str | None:
        """The draft the keyboard shortcuts act on (the oldest waiting)."""
        return next((message.id for message in self.messages if message.is_draft), None)

    @property
    def taken_over(self) -> bool:
        """Whether a rep answers it (the reply box is shown)."""
        return self.status == "taken_over"


def view_conversation(
    ledger: Ledger, conversation_id: str, actor: str, *, egress: bool
) -> ConversationView:
    """The conversation decrypted for ``actor``, and the audit entry saying they saw it (what
    the model was sent is decrypted only when ``egress`` asks for it). NotFound for another
    workspace's conversation."""
    conversation = ledger.conversations.get(conversation_id)
    contact = ledger.contacts.get(conversation.contact_id)
    messages = tuple(
        _message(ledger, message, egress) for message in ledger.conversations.messages(conversation)
    )
    view = ConversationView(
        id=conversation.id,
        channel=conversation.channel,
        status=conversation.status,
        handoff_reason=conversation.handoff_reason,
        contact_name=ledger.contacts.name(contact),
        messages=messages,
        lead=_lead_card(ledger, conversation),
    )
    ledger.audit.append(
        "console.conversation_viewed",
        actor,
        conversation.id,
        {"egress": egress, "messages": len(messages)},
    )
    return view


def _message(ledger: Ledger, message: Message, egress: bool) -> MessageView:
    sent = ledger.conversations.egress(message) if egress else None
    return MessageView(
        id=message.id,
        direction=message.direction,
        author=message.author,
        created_at=as_utc(message.created_at),
        content_kind=message.content_kind,
        delivery=message.delivery,
        delivery_error=message.delivery_error,
        body=ledger.conversations.body(message),
        egress=sent,
        egress_label=_egress_label(message) if sent is not None else NOT_SENT,
    )


def _egress_label(message: Message) -> str:
    """What the stored egress of ``message`` is: the prospect's text as the model got it; the
    model's own reply, placeholders and all (the privacy notice the prospect also got is not
    in it); or another outbound message as the model saw it in the history of a later turn."""
    if message.direction == "inbound":
        return _EGRESS_LABELS["inbound"]
    return _EGRESS_LABELS["ai" if message.author == "ai" else "outbound"]


def _lead_card(ledger: Ledger, conversation: Conversation) -> LeadCard:
    lead = ledger.leads.get(conversation)
    contact = ledger.contacts.get(conversation.contact_id)
    standing = ledger.consent.standing(contact.id)
    consents = tuple(
        ConsentView(
            purpose=name,
            description=purpose.description,
            lawful_basis=purpose.lawful_basis.value,
            state=_consent_state(
                standing.consents.get(name), purpose.lawful_basis is LawfulBasis.CONSENT
            ),
            objected=name in standing.objections,
        )
        for name, purpose in ledger.catalogue.purposes.items()
    )
    return LeadCard(
        facts=tuple(fact_views(lead.facts)),
        score=lead.score,
        priority=lead.priority,
        reasons=lead.reasons,
        consents=consents,
        restricted=standing.restricted,
        minor=standing.minor,
        identities=tuple(
            (kind.value, value) for kind, value in ledger.contacts.identities(contact)
        ),
        channels=tuple(ledger.conversations.channels_of(contact.id)),
    )


def _consent_state(granted: bool | None, needs_consent: bool) -> str:
    """The latest record's word; with none, whether one is missing or the purpose rests on
    another basis (a contract, a legitimate interest) and needs none."""
    if granted is None:
        return "not asked" if needs_consent else "not needed"
    return "granted" if granted else "withdrawn"


def fact_views(facts: Mapping[str, Any], group: str = "") -> list[FactView]:
    """The facts JSON as rows: a fact with ``text`` gives the prospect's words and its other
    fields as normalised values; a fact without it is a group of facts (the workspace's own
    fields), listed one by one; ``null`` is a fact not stated yet."""
    views: list[FactView] = []
    for key, value in facts.items():
        name = f"{group}{_label(key)}"
        if isinstance(value, Mapping) and "text" in value:
            values = tuple((_label(k), _shown(v)) for k, v in value.items() if k != "text")
            views.append(FactView(name, _shown(value["text"]), values))
        elif isinstance(value, Mapping):
            views.extend(fact_views(value, group=f"{name}: "))
        elif value is None:
            views.append(FactView(name, None, ()))
        else:
            views.append(FactView(name, None, (("value", _shown(value)),)))
    return views


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not stated"
    return str(value)
