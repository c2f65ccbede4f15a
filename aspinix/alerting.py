"""Raising security alerts: an error-level structured log line always, and a POST of the event
to ``ASPINIX_ALERT_WEBHOOK_URL`` when one is set.

The POST runs on a background thread with a short timeout, so a slow or dead alert receiver
never slows a webhook acknowledgement; a failed POST is logged, never raised.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import httpx

from guardrails.alerts import SecurityEvent

logger = logging.getLogger("aspinix.alerts")
_POST_TIMEOUT_SECONDS = 5.0


def event_document(event: SecurityEvent) -> dict[str, object]:
    """The JSON document posted for ``event``: codes and counts, no personal data."""
    return {
        "event": event.kind.value,
        "workspace": event.workspace,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "details": dict(event.details),
    }


class LogAndWebhookAlerts:
    """The alert sink every Aspinix process uses."""

    def __init__(self, webhook_url: str | None = None) -> None:
        self._webhook_url = webhook_url

    def raise_alert(self, event: SecurityEvent) -> None:
        """Log ``event`` at error level and, when configured, post it in the background."""
        document = event_document(event)
        logger.error("security alert", extra={"alert": document})
        if self._webhook_url:
            threading.Thread(
                target=self._post, args=(self._webhook_url, document), daemon=True
            ).start()

    @staticmethod
    def _post(url: str, document: dict[str, object]) -> None:
        try:
            httpx.post(url, json=document, timeout=_POST_TIMEOUT_SECONDS).raise_for_status()
        except httpx.HTTPError as exc:
            logger.warning("alert webhook failed", extra={"error": type(exc).__name__})
