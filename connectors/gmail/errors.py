"""The Gmail connector's errors: each names what went wrong and what to do about it."""

from __future__ import annotations


class GmailError(Exception):
    """Base class of the Gmail connector's errors."""


# -- Google API layer: credentials, the Gmail REST API, Pub/Sub push ---------------------------
# None of these messages carries a token, an address, a message id or any mail content: they
# name the cause and the fix, so they are safe to log and to show an operator.


class InvalidCredentialsFile(GmailError):
    """Stored OAuth credentials (authorized-user JSON) lack a field or have one of a wrong type."""

    def __init__(self, field: str, problem: str = "is missing or empty") -> None:
        self.field = field
        super().__init__(
            f"the authorized-user credentials are unusable: {field!r} {problem}; connect the "
            "mailbox again (OAuth consent) to write a complete file"
        )


class InvalidClientSecrets(GmailError):
    """The OAuth client secrets file cannot be read or is not a Google client secrets file."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"the OAuth client secrets file is unusable ({problem}); download the JSON of an "
            "OAuth client of type 'Desktop app' from the Google Cloud console (APIs & Services "
            "> Credentials)"
        )


class TokenRevoked(GmailError):
    """Google answered ``invalid_grant``: the refresh token was revoked, expired or replaced."""

    def __init__(self) -> None:
        super().__init__(
            "Google refused the refresh token (invalid_grant): the user revoked access, changed "
            "the password, or the token expired (7 days for apps in 'Testing' status); the "
            "mailbox owner must connect it again"
        )


class RefreshFailed(GmailError):
    """The token endpoint refused a refresh for another reason than a revoked grant."""

    def __init__(self, oauth_error: str) -> None:
        self.oauth_error = oauth_error
        super().__init__(
            f"the OAuth token refresh failed ({oauth_error}); check that the client id and "
            "secret are those of the OAuth client the mailbox was connected with"
        )


class RevokeFailed(GmailError):
    """The revocation endpoint answered with an unexpected status."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(
            f"revoking the token failed with HTTP {status}; retry later, or remove the app's "
            "access at https://myaccount.google.com/permissions"
        )


class GoogleUnreachable(GmailError):
    """No answer from a Google OAuth endpoint (network error, timeout, DNS)."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        super().__init__(
            f"the {endpoint} could not be reached (network error or timeout); retry later"
        )


class Unauthorized(GmailError):
    """Gmail answered 401 even with a freshly refreshed access token."""

    def __init__(self) -> None:
        super().__init__(
            "Gmail rejected the access token (HTTP 401) after a refresh; connect the mailbox again"
        )


class PermissionDenied(GmailError):
    """Gmail answered 403: typically a scope the user did not grant, or the API is disabled."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"Gmail refused the request (HTTP 403, {reason}); check that the user granted the "
            "gmail.readonly and gmail.send scopes and that the Gmail API is enabled in the "
            "Google Cloud project"
        )


class RequestRejected(GmailError):
    """Gmail refused a request as invalid (a 4xx other than 401, 403, 404 and 429)."""

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason
        super().__init__(f"Gmail rejected the request (HTTP {status}, {reason})")


class GmailUnavailable(GmailError):
    """Gmail could not be reached or kept failing (429, 5xx, timeout) after the retries."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        self.reason = reason
        self.status = status
        super().__init__(f"Gmail is unavailable ({reason}); retry later")


class MalformedResponse(GmailError):
    """A Gmail answer lacks a field the API reference documents. Says which, never the value."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"unexpected Gmail API response: {problem}")


class HistoryExpired(GmailError):
    """history.list answered 404: the start history id is too old (kept about a week)."""

    def __init__(self) -> None:
        super().__init__(
            "Gmail no longer has history that old (HTTP 404 on history.list); resynchronise "
            "from the most recent messages and store the profile's current history id"
        )


class MessageGone(GmailError):
    """messages.get answered 404: the message was deleted since it was announced."""

    def __init__(self, message_id: str) -> None:
        self.message_id = message_id  # an opaque Gmail id, kept out of the message text
        super().__init__("the Gmail message no longer exists (deleted since it was announced)")


class PushUnauthenticated(GmailError):
    """A push request carries no ``Authorization: Bearer`` header."""

    def __init__(self) -> None:
        super().__init__(
            "the push request has no 'Authorization: Bearer <token>' header; enable "
            "authentication (OIDC token) on the Pub/Sub push subscription"
        )


class PushForged(GmailError):
    """A push request's OIDC token failed a check; ``check`` names which one."""

    def __init__(self, check: str) -> None:
        self.check = check
        super().__init__(
            f"the push request's OIDC token is not acceptable ({check}); it was not sent by the "
            "configured Pub/Sub subscription, or the audience or service account configured "
            "here differ from the subscription's"
        )


class PushVerificationUnavailable(GmailError):
    """Google's signing certificates could not be fetched, so no token can be verified now."""

    def __init__(self) -> None:
        super().__init__(
            "Google's token signing certificates could not be fetched; answer 503 so Pub/Sub "
            "delivers the notification again later"
        )


class MalformedPush(GmailError):
    """A push body is not the Pub/Sub envelope of a Gmail notification. Says where, not what."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"malformed Gmail push notification: {problem}")


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
