"""Gmail connector: MIME parsing and composing, automated-mail detection, the Gmail REST API
through google-api-python-client, OAuth credentials, and Pub/Sub push verification.

The pure parts (no database, no web framework, no queue) are re-exported here. Beside them, the
modules that work with the store, as the WhatsApp connector's do: ``ingest`` (a fetched mail into
the inbox), ``sync`` (a mailbox's new mail), ``outbound`` (replies in the thread), ``watch``
(keeping the push alive) and ``mailbox_clients`` (a Gmail client per stored mailbox).
"""

from connectors.gmail.automated import SkipReason, skip_reason
from connectors.gmail.compose import compose_reply, reply_subject, to_gmail_raw
from connectors.gmail.errors import (
    GmailError,
    InvalidSenderAddress,
    InvalidUnsubscribeLink,
    MailTooLarge,
    MalformedMail,
    NoRecipient,
)
from connectors.gmail.mime import (
    Address,
    Attachment,
    AutomationHeaders,
    ParsedMail,
    parse_message,
)

__all__ = [
    "Address",
    "Attachment",
    "AutomationHeaders",
    "GmailError",
    "InvalidSenderAddress",
    "InvalidUnsubscribeLink",
    "MailTooLarge",
    "MalformedMail",
    "NoRecipient",
    "ParsedMail",
    "SkipReason",
    "compose_reply",
    "parse_message",
    "reply_subject",
    "skip_reason",
    "to_gmail_raw",
]
