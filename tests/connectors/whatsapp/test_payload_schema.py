"""The documented webhook body (OpenAPI) against what Meta sends and what the parser reads: every
body the fakes build is valid by it and parses; some the parser refuses are invalid by it."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from connectors.whatsapp.payload import MAX_ID_CHARS, parse_webhook
from connectors.whatsapp.payload_schema import WEBHOOK_BODY
from fakes.whatsapp_payloads import (
    Sender,
    button_reply,
    interactive_reply,
    location_message,
    media_message,
    reaction,
    status_update,
    text_message,
    webhook_body,
)

VALIDATOR = jsonschema_rs.validator_for(WEBHOOK_BODY)

META_BODIES = {
    "text": webhook_body(text_message("Hi", context_id="wamid.CTX")),
    "text-by-username": webhook_body(
        text_message("Hi", sender=Sender(wa_id=None, username="sheena", username_in_profile=False))
    ),
    "button-reply": webhook_body(interactive_reply("Book a demo")),
    "list-reply": webhook_body(interactive_reply("Plan", reply="list_reply", description="12")),
    "template-button": webhook_body(button_reply()),
    "image": webhook_body(media_message("image", caption="this one")),
    "document": webhook_body(media_message("document", filename="quote.pdf")),
    "sticker": webhook_body(media_message("sticker")),
    "location": webhook_body(location_message()),
    "reaction": webhook_body(reaction("\N{FIRE}")),
    "reaction-removed": webhook_body(reaction(None)),
    "delivered": webhook_body(status_update("wamid.A", "delivered")),
    "failed": webhook_body(status_update("wamid.A", "failed", error_codes=[131047])),
    "several": webhook_body(text_message("a"), status_update("wamid.A", "read")),
}


def test_the_schema_is_valid_json_schema() -> None:
    assert jsonschema_rs.meta.is_valid(WEBHOOK_BODY)


@pytest.mark.parametrize("raw", META_BODIES.values(), ids=META_BODIES.keys())
def test_what_meta_sends_is_valid_by_the_schema_and_parses(raw: bytes) -> None:
    VALIDATOR.validate(json.loads(raw))
    parse_webhook(raw)


def _message(**fields: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(webhook_body(text_message("hi")))
    document["entry"][0]["changes"][0]["value"]["messages"][0].update(fields)
    return document


@pytest.mark.parametrize(
    "document",
    [
        {"object": "page", "entry": []},
        {"object": "whatsapp_business_account"},
        _message(id=""),
        _message(id="w" * (MAX_ID_CHARS + 1)),
        _message(type="text", text=None),
        _message(timestamp="soon"),
    ],
    ids=["another-object", "no-entry", "empty-id", "long-id", "text-without-text", "timestamp"],
)
def test_what_the_parser_refuses_for_its_shape_is_invalid_by_the_schema(
    document: dict[str, Any],
) -> None:
    assert not VALIDATOR.is_valid(document)
