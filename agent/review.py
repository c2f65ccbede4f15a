"""A rep's review of the assistant's drafts: approve (as written or edited) or reject; and a
rep's own replies in a conversation they took over from the AI.

An approved draft, and a rep's own reply, passes the same checks an automatic reply does
before it is queued: the prospect still allows replies (the consent gate: a STOP, a
restriction or an objection since the draft was written refuses it), and the channel's own
rules (WhatsApp's 24-hour window, its length limit). A refused draft stays a draft, with the
reason stored on it for the rep; a refused reply is not stored at all.
"""

from __future__ import annotations

from collections.abc import Callable

from agent.errors import (
    ChannelRuleBroken,
    DraftNotPending,
    DraftRefused,
    NotTakenOver,
    ReplyRefused,
)
from agent.purposes import REPLY_PURPOSE
from guardrails.errors import ProcessingRefused
from store.ledger import Ledger
from store.models import Conversation, Message
from store.outbox import Delivery

# A channel's check of a text about to go out; raises ChannelRuleBroken naming the rule.
ChannelCheck = Callable[[Ledger, Conversation, str], None]

TAKEN_OVER = "taken_over"  # the conversation status while a rep answers it


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
        _check_reply(ledger, conversation, text, check)
    except ReplyRefused as exc:
        ledger.outbox.hold(message, Delivery.DRAFT, exc.code)
        raise DraftRefused(exc.code, exc.detail) from exc
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


def write_reply(
    ledger: Ledger, conversation_id: str, text: str, actor: str, check: ChannelCheck
) -> Message:
    """Queue the rep's own ``text`` in the conversation ``conversation_id``, which they took
    over: the same checks as an approved draft, then stored as the rep's and held queued (the
    caller queues the send once this unit of work commits). NotTakenOver while the AI answers
    it; ReplyRefused (nothing stored) when a check fails."""
    conversation = ledger.conversations.get(conversation_id)
    if conversation.status != TAKEN_OVER:
        raise NotTakenOver(
            f"conversation {conversation.id} is {conversation.status}: take it over before "
            "writing a reply"
        )
    _check_reply(ledger, conversation, text, check)
    # No reply_to: the AI may have answered the latest inbound message already, and a
    # channel threads a reply without one on the prospect's latest message.
    message = ledger.conversations.add_message(conversation, "outbound", text, author="rep")
    ledger.outbox.hold(message, Delivery.QUEUED)
    ledger.audit.append("reply.written", actor, message.id)
    return message


def take_over(ledger: Ledger, conversation_id: str, actor: str) -> Conversation:
    """A rep answers the conversation from now on: the AI gives it no reply until it is given
    back."""
    return _move(ledger, conversation_id, TAKEN_OVER, "conversation.taken_over", actor)


def give_back(ledger: Ledger, conversation_id: str, actor: str) -> Conversation:
    """The AI answers the conversation again (a hand-off reason is cleared with it)."""
    return _move(ledger, conversation_id, "ai", "conversation.given_back", actor)


def _move(
    ledger: Ledger, conversation_id: str, status: str, action: str, actor: str
) -> Conversation:
    conversation = ledger.conversations.get(conversation_id)
    previous = conversation.status
    ledger.conversations.set_status(conversation, status)
    ledger.audit.append(action, actor, conversation.id, {"from": previous})
    return conversation


def _check_reply(
    ledger: Ledger, conversation: Conversation, text: str, check: ChannelCheck
) -> None:
    """The checks every reply a rep sends passes: the prospect still allows replies (the
    consent gate) and the channel's rules; ReplyRefused naming the rule otherwise."""
    try:
        ledger.require(conversation.contact_id, REPLY_PURPOSE)
        check(ledger, conversation, text)
    except ProcessingRefused as exc:
        raise ReplyRefused("consent", str(exc)) from exc
    except ChannelRuleBroken as exc:
        raise ReplyRefused(exc.code, str(exc)) from exc


def _pending(ledger: Ledger, message_id: str) -> Message:
    message = ledger.outbox.get(message_id)
    if message.delivery != Delivery.DRAFT:
        raise DraftNotPending(
            f"message {message_id} is {message.delivery or 'not a draft'}, not a draft awaiting "
            "review"
        )
    return message
