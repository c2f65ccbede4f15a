"""Marketing follow-ups: messages the prospect did not ask for, so they need the marketing
purpose's consent, both when a rep queues one and again when it is about to be sent (an
unsubscribe in between stops it). On e-mail each carries a one-click unsubscribe link.
"""

from __future__ import annotations

from agent.errors import ChannelRuleBroken, FollowUpRefused
from agent.purposes import MARKETING_PURPOSE
from agent.review import ChannelCheck
from guardrails.errors import ProcessingRefused
from store.ledger import Ledger
from store.models import Message
from store.outbox import Delivery

FOLLOW_UP_KIND = "follow_up"


def queue_follow_up(
    ledger: Ledger, conversation_id: str, text: str, actor: str, check: ChannelCheck
) -> Message:
    """Queue the rep's follow-up ``text`` in the conversation; FollowUpRefused when the
    contact's consent or the channel's rules do not allow it."""
    conversation = ledger.conversations.get(conversation_id)
    try:
        ledger.require_for_conversation(conversation.id, MARKETING_PURPOSE)
        check(ledger, conversation, text)
    except ProcessingRefused as exc:
        raise FollowUpRefused("consent", str(exc)) from exc
    except ChannelRuleBroken as exc:
        raise FollowUpRefused(exc.code, str(exc)) from exc
    message = ledger.conversations.add_message(
        conversation, "outbound", text, author="rep", content_kind=FOLLOW_UP_KIND
    )
    ledger.outbox.hold(message, Delivery.QUEUED)
    ledger.audit.append("follow_up.queued", actor, message.id)
    return message


def still_wanted(ledger: Ledger, message: Message) -> bool:
    """Whether an outbound message may still go: always for a reply, and for a follow-up
    only while its contact allows marketing."""
    if message.content_kind != FOLLOW_UP_KIND:
        return True
    try:
        ledger.require_for_conversation(message.conversation_id, MARKETING_PURPOSE)
    except ProcessingRefused:
        return False
    return True
