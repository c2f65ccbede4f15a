"""WhatsApp Cloud API connector: webhook verification and parsing, the service window, sending.

Pure parts only (no database, no web framework, no queue): the API layer verifies and parses
webhooks with these functions and the outbound worker sends with ``GraphClient``.
"""

from connectors.whatsapp.client import GraphClient, Recipient
from connectors.whatsapp.errors import (
    EmptyText,
    MalformedPayload,
    OutsideServiceWindow,
    RateLimiterUnavailable,
    SendFailed,
    SignatureInvalid,
    SignatureMissing,
    TextTooLong,
    TransientSendError,
    VerificationFailed,
    WhatsAppError,
)
from connectors.whatsapp.payload import (
    InboundMessage,
    MediaRef,
    MessageKind,
    StatusUpdate,
    WebhookBatch,
    parse_webhook,
)
from connectors.whatsapp.rate_limit import SendRateLimiter
from connectors.whatsapp.signature import sign, verify_signature
from connectors.whatsapp.verification import verify_subscription
from connectors.whatsapp.window import SERVICE_WINDOW, require_open_window

__all__ = [
    "SERVICE_WINDOW",
    "EmptyText",
    "GraphClient",
    "InboundMessage",
    "MalformedPayload",
    "MediaRef",
    "MessageKind",
    "OutsideServiceWindow",
    "RateLimiterUnavailable",
    "Recipient",
    "SendFailed",
    "SendRateLimiter",
    "SignatureInvalid",
    "SignatureMissing",
    "StatusUpdate",
    "TextTooLong",
    "TransientSendError",
    "VerificationFailed",
    "WebhookBatch",
    "WhatsAppError",
    "parse_webhook",
    "require_open_window",
    "sign",
    "verify_signature",
    "verify_subscription",
]
