"""The console's own exceptions: each names what the user can do about it."""

from __future__ import annotations


class ConsoleError(Exception):
    """Base class of the console's refusals."""


class WeakPassword(ConsoleError):
    """A new password is too short or too long; the message says the rule."""


class SignInRequired(ConsoleError):
    """The page needs a signed-in session (none, expired, or half-way through signing in)."""


class Forbidden(ConsoleError):
    """The signed-in user's role does not allow this page or action."""


class CsrfRejected(ConsoleError):
    """A state-changing request without this session's CSRF token, or from another site."""


class PageNotFound(ConsoleError):
    """No such page, or no such conversation, draft or user in the viewer's workspace (the
    same answer either way: another workspace's ids are not confirmed to exist)."""
