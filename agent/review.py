"""A rep's review of the assistant's drafts: approve (as written or edited) or reject.

An approved draft passes the same checks an automatic reply does before it is queued: the
prospect still allows replies (the consent gate: a STOP, a restriction or an objection since
the draft was written refuses it), and the channel's own rules (WhatsApp's 24-hour window, its
length limit). A refused draft stays a draft, with the reason stored on it for the rep.
"""

from __future__ import annotations

from collections.abc import Callable

from agent.errors import ChannelRuleBroken, DraftNotPending, DraftRefused
from agent.purposes import REPLY_PURPOSE
from guardrails.errors import ProcessingRefused
from store.ledger import Ledger
from store.models import Conversation, Message
from store.outbox import Delivery

# A channel's check of a text about to go out; raises ChannelRuleBroken naming the rule.
ChannelCheck = Callable[[Ledger, Conversation, str], None]


def approve_draft(
    ledger: Ledger,
    message_id: str,
    actor: str,
    check: ChannelCheck,
    edited_text: str | None = None,
) -> Message:
    """Queue the draft ``message_id`` to send, with ``edited_text`` if the rep changed it.
    DraftRefused (with a reason code, also stored on the draft) when a check fails."""
    message = _pending(ledger, message_id)
    conversation = ledger.conversations.get(message.conversation_id)
    text = edited_text if edited_text is not None else ledger.conversations.body(message)
    try:
        ledger.require(conversation.contact_id, REPLY_PURPOSE)
        check(ledger, conversation, text)
    except ProcessingRefused as exc:
        raise _refuse(ledger, message, "consent", str(exc)) from exc
    except ChannelRuleBroken as exc:
        raise _refuse(ledger, message, exc.code, str(exc)) from exc
    edited = edited_text is not None and edited_text != ledger.conversations.body(message)
    if edited:
        ledger.conversations.set_body(message, text)
        message.author = "rep"
    ledger.outbox.hold(message, Delivery.QUEUED)
    ledger.audit.append("draft.approved", actor, message.id, {"edited": edited})
    return message


def reject_draft(ledger: Ledger, message_id: str, actor: str) -> Message:
    """Discard the draft ``message_id``; it stays stored, marked rejected."""
    message = _pending(ledger, message_id)
    ledger.outbox.hold(message, Delivery.REJECTED)
    ledger.audit.append("draft.rejected", actor, message.id)
    return message


def _pending(ledger: Ledger, message_id: str) -> Message:
    message = ledger.outbox.get(message_id)
    if message.delivery != Delivery.DRAFT:
        raise DraftNotPending(
            f"message {message_id} is {message.delivery or 'not a draft'}, not a draft awaiting "
            "review"
        )
    return message


def _refuse(ledger: Ledger, message: Message, code: str, detail: str) -> DraftRefused:
    ledger.outbox.hold(message, Delivery.DRAFT, code)
    return DraftRefused(code, detail)
