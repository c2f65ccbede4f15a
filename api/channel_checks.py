"""Each channel's rules for a text about to go out, for the routes that queue one (an
approved draft, a follow-up)."""

from __future__ import annotations

from agent.errors import ChannelRuleBroken
from agent.review import ChannelCheck
from connectors.gmail.outbound import check_sendable as gmail_check
from connectors.whatsapp.outbound import check_sendable as whatsapp_check
from store.ledger import Ledger
from store.models import Conversation

CHANNEL_CHECKS: dict[str, ChannelCheck] = {"whatsapp": whatsapp_check, "gmail": gmail_check}


def channel_check(ledger: Ledger, conversation: Conversation, text: str) -> None:
    """The conversation's channel's check; ChannelRuleBroken naming the rule it breaks."""
    check = CHANNEL_CHECKS.get(conversation.channel)
    if check is None:
        raise ChannelRuleBroken(
            "unsupported_channel", f"messages cannot be sent on {conversation.channel} yet"
        )
    check(ledger, conversation, text)
