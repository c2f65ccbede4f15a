"""Errors of the queue layer."""

from __future__ import annotations


class QueueError(Exception):
    """Base class for queue errors."""


class QueueConfigError(QueueError):
    """ASPINIX_QUEUE_URL names a backend the queue cannot use."""


class QueueUnavailable(QueueError):
    """The queue's storage cannot be reached."""
