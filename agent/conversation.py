"""One message of a conversation, as every part of the agent sees it, whatever channel it came from.

The qualify command, the playbook and (later) the model-backed agent all read the same shape, so a
fact extractor written for one works for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Sender = Literal["prospect", "business"]


@dataclass(frozen=True)
class ConversationMessage:
    """A message and who sent it; ``sent_at`` may be naive or carry an offset.

    ``sent_at`` matters beyond ordering: relative phrases ("next month") are resolved against the
    day the message was sent, in the sender's own offset.
    """

    sender: Sender
    text: str
    sent_at: datetime
