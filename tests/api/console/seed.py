"""Conversations for console tests, stored through the ledger as the webhooks and the agent
store them (bodies encrypted, the egress the pseudonymised form)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from agent.facts.models import Budget, LeadFacts, Need, Period
from agent.facts.serialise import facts_to_json
from api.services import Services
from store.identities import IdentityKind
from store.models import Conversation
from store.outbox import Delivery


@dataclass(frozen=True)
class Seeded:
    """A stored conversation: its ids, and its draft's (when it has one)."""

    conversation_id: str
    contact_id: str
    inbound_id: str
    draft_id: str | None


def seed_conversation(
    services: Services,
    name: str,
    text: str,
    *,
    workspace: str | None = None,
    channel: str = "whatsapp",
    draft: str | None = None,
    phone: str | None = None,
    egress: str | None = None,
) -> Seeded:
    """A prospect ``name`` who wrote ``text`` on ``channel``; ``draft`` adds a reply waiting
    for review, ``egress`` what the model was sent of ``text``."""
    slug = workspace or services.settings.workspace
    with services.ledgers.open(slug, "test") as ledger:
        contact = ledger.contacts.create(name)
        if phone is not None:
            ledger.contacts.add_identity(contact, IdentityKind.WA_ID, phone)
        conversation = ledger.conversations.open(contact.id, channel)
        inbound = ledger.inbox.receive(conversation, text, f"wamid.{contact.id}")
        assert inbound is not None
        if egress is not None:
            ledger.conversations.set_egress(inbound, egress)
        draft_id = None
        if draft is not None:
            reply = ledger.conversations.add_message(
                conversation, "outbound", draft, reply_to=inbound
            )
            ledger.outbox.hold(reply, Delivery.DRAFT)
            draft_id = reply.id
        return Seeded(conversation.id, contact.id, inbound.id, draft_id)


def add_inbound(services: Services, conversation_id: str, text: str, channel_id: str) -> str:
    """The prospect writes again."""
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        conversation = ledger.conversations.get(conversation_id)
        message = ledger.inbox.receive(conversation, text, channel_id)
        assert message is not None
        return message.id


def score_lead(
    services: Services, conversation_id: str, priority: str, score: int, budget_words: str
) -> None:
    """The agent's facts and score for the conversation's lead."""
    facts = LeadFacts(
        need=Need("a CRM for the sales team"),
        budget=Budget(Decimal("50000"), "INR", Period.MONTH, budget_words),
    )
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        conversation: Conversation = ledger.conversations.get(conversation_id)
        ledger.leads.save_facts(
            conversation,
            facts_to_json(facts, exact=True),
            score,
            priority,
            ("budget stated", "need stated"),
        )


def set_status(services: Services, conversation_id: str, status: str, reason: str) -> None:
    """Move the conversation as the agent would (a hand-off with its reason code)."""
    with services.ledgers.open(services.settings.workspace, "test") as ledger:
        ledger.conversations.set_status(ledger.conversations.get(conversation_id), status, reason)


def audit_actions(services: Services, workspace: str | None = None) -> list[str]:
    """The workspace's audit actions, oldest first."""
    with services.ledgers.open(workspace or services.settings.workspace) as ledger:
        return [entry.action for entry in reversed(ledger.audit.entries(limit=1000))]
