"""The app's own answers: a request FastAPI finds invalid gets a 422 that says where and why,
never the input (which may be personal data, or not encodable at all); timestamps carry their
zone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import cast

import pytest
from fastapi.testclient import TestClient

from api.admin_guard import AdminGuard
from api.app import create_app
from api.routes.drafts import DraftOut
from api.routes.outbox import OutboundOut
from api.services import Services

TOKEN = "test-admin-token"


@pytest.fixture
def client() -> TestClient:
    # The body is validated once the token is: nothing else of the services is reached.
    services = cast(Services, SimpleNamespace(admin_guard=AdminGuard(TOKEN)))
    return TestClient(create_app(services), raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("body", "error_type"),
    [
        (b'{"text": "\\ud800"}', "string_unicode"),
        (b'{"text": 12, "secret": "SECRET-VALUE"}', "string_type"),
        (b'{"text": "SECRET-VALUE', "json_invalid"),
    ],
    ids=["lone-surrogate", "wrong-type", "truncated"],
)
def test_an_invalid_body_gets_a_422_without_its_input(
    client: TestClient, body: bytes, error_type: str
) -> None:
    response = client.post(
        "/api/drafts/d1/approve",
        content=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["type"] == error_type and error["loc"][0] == "body" and error["msg"]
    assert set(error) == {"type", "loc", "msg"}
    assert "SECRET-VALUE" not in response.text and "\\ud800" not in response.text


def test_a_timestamp_the_database_gave_without_its_zone_is_sent_as_utc() -> None:
    # SQLite drops the zone; a date-time without an offset breaks the documented format.
    created = datetime(2026, 1, 1, 12, 30)
    draft = DraftOut(
        id="d1",
        conversation_id="c1",
        channel="whatsapp",
        author="ai",
        text="hi",
        problem=None,
        created_at=created,
    )
    assert draft.model_dump(mode="json")["created_at"] == "2026-01-01T12:30:00Z"
    outbound = OutboundOut(
        id="m1", conversation_id="c1", delivery="failed", problem=None, updated_at=created
    )
    assert outbound.model_dump(mode="json")["updated_at"] == "2026-01-01T12:30:00Z"
    elsewhere = created.replace(tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert (
        OutboundOut(
            id="m1", conversation_id="c1", delivery="sent", problem=None, updated_at=elsewhere
        ).updated_at
        == elsewhere
    )
