"""Security alerts: an error-level JSON log line, and a POST of the event when configured."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from aspinix.alerting import LogAndWebhookAlerts
from guardrails.alerts import SecurityEvent, SecurityEventKind


def test_an_alert_is_logged_at_error_level(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="aspinix.alerts"):
        LogAndWebhookAlerts().raise_alert(
            SecurityEvent(SecurityEventKind.WEBHOOK_FORGED, "acme", {"count": 1})
        )
    record = caplog.records[-1]
    assert record.levelno == logging.ERROR
    assert record.__dict__["alert"]["event"] == "webhook.forged"


def test_an_alert_is_posted_to_the_webhook() -> None:
    received: list[dict[str, object]] = []
    done = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()
            done.set()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    LogAndWebhookAlerts(url).raise_alert(
        SecurityEvent(SecurityEventKind.EGRESS_BLOCKED, "acme", {"entity_types": ["PERSON"]})
    )
    assert done.wait(10)
    server.server_close()
    assert received[0]["event"] == "egress.blocked"
    assert received[0]["details"] == {"entity_types": ["PERSON"]}


def test_a_dead_alert_receiver_never_raises() -> None:
    LogAndWebhookAlerts("http://127.0.0.1:9/nothing").raise_alert(
        SecurityEvent(SecurityEventKind.ADMIN_TOKEN_REJECTED, "acme")
    )
