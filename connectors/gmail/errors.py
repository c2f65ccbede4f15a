"""The Gmail connector's errors: each names what went wrong and what to do about it."""

from __future__ import annotations


class GmailError(Exception):
    """Base class of the Gmail connector's errors."""
