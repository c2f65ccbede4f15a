"""Errors of the WhatsApp connector, one class per cause so callers can answer each one rightly.

A webhook handler maps ``SignatureMissing``/``SignatureInvalid`` to 401, ``VerificationFailed``
to 403 and ``MalformedPayload`` to 400; an outbound worker retries nothing itself (the client
already did) and records ``SendFailed.reason``. No message here ever carries a message text, a
phone number, a business-scoped user id or a message id, so every one of them is safe to log.
"""

from __future__ import annotations


class WhatsAppError(Exception):
    """Base of every error the WhatsApp connector raises on purpose."""


class SignatureMissing(WhatsAppError):
    """A webhook POST arrived without an ``X-Hub-Signature-256`` header."""

    def __init__(self) -> None:
        super().__init__(
            "the webhook request has no X-Hub-Signature-256 header; Meta signs every webhook "
            "POST, so the request did not come from Meta or a proxy stripped the header"
        )


class SignatureInvalid(WhatsAppError):
    """The ``X-Hub-Signature-256`` header is malformed or does not match the body."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"the webhook signature is invalid ({reason}); check that the app secret is the "
            "one of the Meta app the webhook is subscribed to and that the raw body is verified "
            "before any parsing or re-encoding"
        )


class VerificationFailed(WhatsAppError):
    """The webhook subscription handshake (``GET ?hub.mode=subscribe``) was refused."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"webhook verification refused: {reason}; the verify token entered in the Meta app "
            "dashboard must equal the configured one"
        )


class MalformedPayload(WhatsAppError):
    """A webhook body is not the shape Meta documents. Says where, never what the value was."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"malformed WhatsApp webhook payload: {problem}")


class OutsideServiceWindow(WhatsAppError):
    """Free text was refused: the 24-hour customer-service window is closed."""

    def __init__(self) -> None:
        super().__init__(
            "the customer has not written in the last 24 hours, so the customer-service window "
            "is closed: only an approved message template may be sent"
        )


class TextTooLong(WhatsAppError):
    """A text message is longer than WhatsApp accepts; refused before anything is sent."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"the text is {length} characters long and WhatsApp accepts at most {limit}; "
            "shorten it or split it into several messages"
        )


class EmptyText(WhatsAppError):
    """A text message has nothing but whitespace; the Graph API would reject it."""

    def __init__(self) -> None:
        super().__init__("the text to send is empty; WhatsApp rejects an empty message body")


class SendFailed(WhatsAppError):
    """A send failed for good: retrying the same request cannot help.

    ``status`` is the HTTP status (None when no response came), ``code`` the Graph API
    ``error.code`` when there was one, ``reason`` a short stable code for storage and metrics,
    such as ``graph_error_131047`` or ``transient_exhausted``.
    """

    def __init__(self, *, status: int | None, code: int | None, reason: str, detail: str) -> None:
        self.status = status
        self.code = code
        self.reason = reason
        super().__init__(f"WhatsApp send failed ({reason}): {detail}")


class TransientSendError(WhatsAppError):
    """One attempt failed in a way a later attempt may not (429, 5xx, timeout, lost connection).

    Internal to the client, which retries it and raises ``SendFailed`` once attempts run out.
    ``retry_after`` is the server's ``Retry-After`` in seconds, when it sent one.
    """

    def __init__(
        self,
        *,
        reason: str,
        status: int | None = None,
        code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.reason = reason
        self.status = status
        self.code = code
        self.retry_after = retry_after
        super().__init__(f"transient WhatsApp send failure ({reason})")


class RateLimiterUnavailable(WhatsAppError):
    """The shared send budget's storage (Redis) could not be reached."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        super().__init__(
            f"the send rate limiter's {scheme} storage is unreachable; start it or point the "
            "limiter at a reachable storage URI (memory:// only limits one process)"
        )
