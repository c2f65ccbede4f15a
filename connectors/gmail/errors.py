"""The Gmail connector's errors: each names what went wrong and what to do about it."""

from __future__ import annotations


class GmailError(Exception):
    """Base class of the Gmail connector's errors."""


# -- parsing and composing mail (mime.py, compose.py) ------------------------------------------


class MalformedMail(GmailError):
    """The bytes are not an e-mail message at all: empty, without any message header, or
    nested beyond what the parser can follow. Says what is wrong, never what the bytes hold."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"not a parseable e-mail message: {problem}")


class MailTooLarge(GmailError):
    """A raw message is larger than the parser accepts; refused before any parsing."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            f"the message is {size} bytes and at most {limit} are parsed; Gmail allows up to "
            "25 MB of attachments, so fetch such a message with format=full and read its text "
            "parts only, or raise max_bytes"
        )


class InvalidSenderAddress(GmailError):
    """The mailbox address to send from is not a plain ``local@domain`` address."""

    def __init__(self) -> None:
        super().__init__(
            "the sending address is not a plain local@domain address (no display name, angle "
            "brackets, spaces or line breaks); pass the mailbox address Gmail reports in "
            "users.getProfile"
        )


class NoRecipient(GmailError):
    """A mail would have no recipient: the mail to answer has no usable From or Reply-To
    address, or a new mail was given no valid address."""

    def __init__(self) -> None:
        super().__init__(
            "there is no valid address to send to: the original message has no parseable From "
            "or Reply-To address (leave it unanswered), or a new mail was given none"
        )


class InvalidUnsubscribeLink(GmailError):
    """A List-Unsubscribe target was refused (RFC 8058 one-click needs an https URL)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"the unsubscribe link was refused: {reason}; RFC 8058 one-click unsubscribe needs "
            "an absolute https:// URL without spaces, line breaks, angle brackets or commas, and "
            "a mailto: target must be a mailto: URI with an address"
        )
