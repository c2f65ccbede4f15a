"""Meta's webhook body as JSON Schema, for the OpenAPI document of ``POST /webhooks/whatsapp``.

Documentation, not validation: the route reads the raw body (the signature covers its exact
bytes) and ``payload.parse_webhook`` validates it, its pydantic models being the authority, with
rules no schema states (at most ``MAX_ITEMS`` items in all; a sender found through a contact).
The schema describes the body Meta sends, as far as the parser reads it. Every object accepts
fields it does not list, as Meta adds fields without notice; it is precise where that lets a
client (or a fuzzer) build a body that gets past the envelope: each kind of message carries its
own object, a ``messages`` change carries the value the parser validates, and any other change
is skipped whatever its value.
"""

from __future__ import annotations

from typing import Any

from connectors.whatsapp.payload import MAX_ID_CHARS, MAX_ITEMS, MessageKind

JsonSchema = dict[str, Any]

_STRING: JsonSchema = {"type": "string"}
_ID: JsonSchema = {"type": "string", "minLength": 1}
_MESSAGE_ID: JsonSchema = {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS}
_TIMESTAMP: JsonSchema = {
    "type": "string",
    "pattern": "^[0-9]{1,10}$",
    "description": "Unix time in seconds, as a string",
}


def _object(properties: JsonSchema, required: tuple[str, ...] = ()) -> JsonSchema:
    """An object with ``properties`` (``required`` ones among them) and any others."""
    schema: JsonSchema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def _array(items: JsonSchema) -> JsonSchema:
    return {"type": "array", "items": items}


_MEDIA = _object(
    {"id": _ID, "mime_type": _STRING, "sha256": _STRING, "caption": _STRING, "filename": _STRING},
    ("id",),
)
_REPLY = _object({"id": _STRING, "title": _STRING, "description": _STRING}, ("title",))
_CONTACT = _object(
    {
        "wa_id": _STRING,
        "user_id": _STRING,
        "username": _STRING,
        "profile": _object({"name": _STRING, "username": _STRING}),
    }
)
_LOCATION = _object(
    {
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "name": _STRING,
        "address": _STRING,
    }
)
_CONTENT: dict[MessageKind, JsonSchema] = {
    MessageKind.TEXT: _object({"body": _STRING}, ("body",)),
    MessageKind.INTERACTIVE: _object(
        {"type": _STRING, "button_reply": _REPLY, "list_reply": _REPLY}, ("type",)
    ),
    MessageKind.BUTTON: _object({"payload": _STRING, "text": _STRING}, ("text",)),
    MessageKind.IMAGE: _MEDIA,
    MessageKind.AUDIO: _MEDIA,
    MessageKind.VIDEO: _MEDIA,
    MessageKind.DOCUMENT: _MEDIA,
    MessageKind.STICKER: _MEDIA,
    MessageKind.LOCATION: _LOCATION,
    MessageKind.REACTION: _object({"message_id": _ID, "emoji": _STRING}, ("message_id",)),
}
"""The object each kind of message carries under its type's name (contacts cards: not read)."""


def _message(kind: JsonSchema, content: tuple[str, JsonSchema] | None) -> JsonSchema:
    """A message of ``kind``, with its ``content`` object, sent by a phone, a BSUID or both."""
    properties: JsonSchema = {
        "from": {**_ID, "description": "the sender's phone (wa_id), when shared"},
        "from_user_id": {**_ID, "description": "the business-scoped user id"},
        "id": _MESSAGE_ID,
        "timestamp": _TIMESTAMP,
        "type": kind,
        "context": _object({"from": _STRING, "id": _STRING}),
    }
    required = ["id", "timestamp", "type"]
    if content is not None:
        properties[content[0]] = content[1]
        required.append(content[0])
    schema = _object(properties, tuple(required))
    schema["anyOf"] = [{"required": ["from"]}, {"required": ["from_user_id"]}]
    return schema


_KNOWN_TYPES = [kind.value for kind in MessageKind if kind is not MessageKind.UNSUPPORTED]
_MESSAGE: JsonSchema = {
    "anyOf": [
        *(
            _message({"const": kind.value}, (kind.value, content))
            for kind, content in _CONTENT.items()
        ),
        _message({"const": MessageKind.CONTACTS.value}, None),
        _message({"type": "string", "not": {"enum": _KNOWN_TYPES}}, None),
    ],
    "description": "other types are stored as unsupported; 'system' notices are skipped",
}
_STATUS = _object(
    {
        "id": _MESSAGE_ID,
        "status": {"type": "string", "examples": ["sent", "delivered", "read", "failed"]},
        "timestamp": _TIMESTAMP,
        "recipient_id": _STRING,
        "recipient_user_id": _STRING,
        "errors": _array(_object({"code": {"type": "integer"}}, ("code",))),
    },
    ("id", "status", "timestamp"),
)
_MESSAGES_VALUE = _object(
    {
        "messaging_product": {"const": "whatsapp"},
        "metadata": _object(
            {"display_phone_number": _STRING, "phone_number_id": _ID}, ("phone_number_id",)
        ),
        "contacts": _array(_CONTACT),
        "messages": _array(_MESSAGE),
        "statuses": _array(_STATUS),
    },
    ("messaging_product", "metadata"),
)
_CHANGE: JsonSchema = {
    "anyOf": [
        _object({"field": {"const": "messages"}, "value": _MESSAGES_VALUE}, ("field", "value")),
        _object(
            {
                "field": {"type": "string", "not": {"const": "messages"}},
                "value": {"type": "object"},
            },
            ("field", "value"),
        ),
    ]
}

WEBHOOK_BODY: JsonSchema = {
    **_object(
        {
            "object": {"const": "whatsapp_business_account"},
            "entry": {
                **_array(
                    _object(
                        {"id": _STRING, "changes": {**_array(_CHANGE), "minItems": 1}},
                        ("id", "changes"),
                    )
                ),
                "minItems": 1,
            },
        },
        ("object", "entry"),
    ),
    "title": "WhatsAppWebhook",
    "description": (
        "A delivery from the WhatsApp Cloud API, signed with the app secret "
        f"(X-Hub-Signature-256). At most {MAX_ITEMS} messages and statuses in all; "
        "each message names its sender by business-scoped user id, phone, or both."
    ),
}
"""The body Meta POSTs, loosely: see the module docstring."""
