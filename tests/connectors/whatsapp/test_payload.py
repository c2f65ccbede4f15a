"""Parsing webhook bodies: every message kind, 2026 identities (BSUID, username, no phone),
statuses, bounds, and nothing but ``MalformedPayload`` for anything that is not Meta's shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.whatsapp.errors import MalformedPayload
from connectors.whatsapp.payload import (
    MAX_ID_CHARS,
    MAX_ITEMS,
    MAX_TEXT_CHARS,
    InboundMessage,
    MediaRef,
    MessageKind,
    WebhookBatch,
    parse_webhook,
)
from fakes.whatsapp_payloads import (
    PHONE_NUMBER_ID,
    SENDER,
    Sender,
    button_reply,
    contact,
    incoming,
    interactive_reply,
    location_message,
    media_message,
    reaction,
    status_update,
    text_message,
    webhook_body,
)

SECRET_VALUE = "SECRET-VALUE-9f8e7d"  # planted in bad inputs: must never appear in an error


def only_message(*changes: dict[str, Any]) -> InboundMessage:
    batch = parse_webhook(webhook_body(*changes))
    assert len(batch.messages) == 1 and batch.statuses == ()
    return batch.messages[0]


def document(*changes: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(webhook_body(*changes))
    return result


def parse_document(value: object) -> WebhookBatch:
    return parse_webhook(json.dumps(value).encode())


# -- messages ----------------------------------------------------------------------------------


def test_a_text_message_with_phone_and_bsuid() -> None:
    message = only_message(
        text_message("Does it come in red?", message_id="wamid.A1", timestamp=1749416383)
    )
    assert message == InboundMessage(
        message_id="wamid.A1",
        phone_number_id=PHONE_NUMBER_ID,
        bsuid=SENDER.bsuid,
        wa_id=SENDER.wa_id,
        username=None,
        profile_name="Sheena Nelson",
        kind=MessageKind.TEXT,
        text="Does it come in red?",
        sent_at=datetime(2025, 6, 8, 20, 59, 43, tzinfo=UTC),
    )


def test_a_username_user_without_a_phone_is_known_by_bsuid() -> None:
    sender = Sender(wa_id=None, bsuid="IN.1648738043044942", username="sheena.n")
    message = only_message(text_message("hi", sender=sender))
    assert (message.wa_id, message.bsuid, message.username) == (
        None,
        "IN.1648738043044942",
        "sheena.n",
    )


def test_a_username_outside_the_profile_is_accepted_too() -> None:
    sender = Sender(username="sheena.n", username_in_profile=False)
    assert only_message(text_message(sender=sender)).username == "sheena.n"


def test_a_pre_2026_payload_with_only_a_phone_still_parses() -> None:
    message = only_message(text_message(sender=Sender(bsuid=None)))
    assert (message.wa_id, message.bsuid) == (SENDER.wa_id, None)


def test_the_bsuid_comes_from_the_contact_when_the_message_lacks_from_user_id() -> None:
    change = text_message()
    del change["value"]["messages"][0]["from_user_id"]
    assert only_message(change).bsuid == SENDER.bsuid


def test_the_phone_comes_from_the_contact_when_the_message_lacks_from() -> None:
    change = text_message()
    del change["value"]["messages"][0]["from"]
    assert only_message(change).wa_id == SENDER.wa_id


def test_a_bsuid_in_from_is_taken_as_the_bsuid() -> None:
    change = text_message(sender=Sender(wa_id=None, bsuid=None, profile_name=None))
    change["value"]["messages"][0]["from"] = "BR.1502576394655843"
    change["value"]["contacts"] = []
    message = only_message(change)
    assert (message.bsuid, message.wa_id) == ("BR.1502576394655843", None)


def test_an_empty_identifier_counts_as_absent() -> None:
    change = text_message(sender=Sender(wa_id=None))
    change["value"]["contacts"][0]["wa_id"] = ""
    change["value"]["messages"][0]["from"] = ""
    assert only_message(change).wa_id is None


def test_a_message_with_neither_bsuid_nor_wa_id_is_malformed() -> None:
    change = text_message(sender=Sender(wa_id=None, bsuid=None))
    with pytest.raises(MalformedPayload, match="neither a business-scoped user id nor a wa_id"):
        parse_webhook(webhook_body(change))


def test_each_message_is_matched_to_its_own_contact() -> None:
    ana = Sender(wa_id="5511999990001", bsuid="BR.111", profile_name="Ana")
    bruno = Sender(wa_id=None, bsuid="BR.222", profile_name="Bruno", username="bruno")
    first, second = text_message("from ana", sender=ana), text_message("from bruno", sender=bruno)
    first["value"]["contacts"].append(second["value"]["contacts"][0])
    first["value"]["messages"] = second["value"]["messages"] + first["value"]["messages"]
    bruno_message, ana_message = parse_webhook(webhook_body(first)).messages
    assert (bruno_message.text, bruno_message.profile_name, bruno_message.username) == (
        "from bruno",
        "Bruno",
        "bruno",
    )
    assert (ana_message.text, ana_message.profile_name, ana_message.wa_id) == (
        "from ana",
        "Ana",
        "5511999990001",
    )


def test_a_lone_contact_that_contradicts_the_sender_is_not_used() -> None:
    change = text_message()
    change["value"]["contacts"] = [contact(Sender(wa_id="440000", bsuid="GB.999", username="x"))]
    message = only_message(change)
    assert (message.wa_id, message.bsuid, message.profile_name, message.username) == (
        SENDER.wa_id,
        SENDER.bsuid,
        None,
        None,
    )


def test_a_lone_contact_is_used_when_the_message_names_nobody() -> None:
    change = text_message(sender=Sender(username="sheena.n"))
    del change["value"]["messages"][0]["from"]
    del change["value"]["messages"][0]["from_user_id"]
    message = only_message(change)
    assert (message.wa_id, message.bsuid, message.username) == (
        SENDER.wa_id,
        SENDER.bsuid,
        "sheena.n",
    )


def test_a_reply_keeps_the_quoted_message_id() -> None:
    assert only_message(text_message(context_id="wamid.OURS")).context_id == "wamid.OURS"


def test_an_interactive_button_reply_is_its_title() -> None:
    message = only_message(interactive_reply("Book a demo", context_id="wamid.MENU"))
    assert (message.kind, message.text, message.context_id) == (
        MessageKind.INTERACTIVE,
        "Book a demo",
        "wamid.MENU",
    )


def test_a_list_reply_is_its_title_and_description() -> None:
    change = interactive_reply("Pro plan", reply="list_reply", description="For teams of 10+")
    assert only_message(change).text == "Pro plan\nFor teams of 10+"
    assert only_message(interactive_reply("Pro plan", reply="list_reply")).text == "Pro plan"


def test_an_interactive_reply_without_a_title_is_empty_text() -> None:
    change = incoming({"type": "interactive", "interactive": {"type": "nfm_reply"}})
    assert (only_message(change).kind, only_message(change).text) == (MessageKind.INTERACTIVE, "")


def test_a_template_button_tap_is_its_text() -> None:
    message = only_message(button_reply("Yes, call me"))
    assert (message.kind, message.text) == (MessageKind.BUTTON, "Yes, call me")


@pytest.mark.parametrize("media_type", ["image", "audio", "video", "document", "sticker"])
def test_media_are_referenced_with_their_caption_as_text(media_type: str) -> None:
    change = media_message(
        media_type,  # type: ignore[arg-type]
        caption="the brochure",
        media_id="987",
        mime_type="application/pdf",
        sha256="abc=",
        filename="brochure.pdf",
    )
    message = only_message(change)
    assert (message.kind, message.text) == (MessageKind(media_type), "the brochure")
    assert message.media == MediaRef(
        id="987", mime_type="application/pdf", sha256="abc=", filename="brochure.pdf"
    )


def test_media_without_a_caption_is_empty_text() -> None:
    message = only_message(media_message("audio", mime_type="audio/ogg; codecs=opus"))
    assert (message.text, message.media is not None) == ("", True)


def test_a_location_is_its_name_and_address() -> None:
    assert only_message(location_message()).text == "Main Street Office\n1 Main St, Springfield"
    assert only_message(location_message(name=None)).text == "1 Main St, Springfield"
    assert only_message(location_message(name=None, address=None)).text == ""


def test_a_reaction_is_its_emoji_and_names_the_message() -> None:
    message = only_message(reaction("\N{FIRE}", reacted_to="wamid.OURS"))
    assert (message.kind, message.text, message.reacted_to) == (
        MessageKind.REACTION,
        "\N{FIRE}",
        "wamid.OURS",
    )
    assert only_message(reaction(None, reacted_to="wamid.OURS")).text == ""


def test_shared_contact_cards_are_not_kept_as_text() -> None:
    card = {"name": {"formatted_name": "Third Party"}, "phones": [{"phone": "+1 555 0100"}]}
    message = only_message(incoming({"type": "contacts", "contacts": [card]}))
    assert (message.kind, message.text) == (MessageKind.CONTACTS, "")


@pytest.mark.parametrize("message_type", ["unsupported", "order", "request_welcome", "edit"])
def test_other_types_are_unsupported(message_type: str) -> None:
    message = only_message(incoming({"type": message_type, message_type: {"anything": 1}}))
    assert (message.kind, message.text, message.media) == (MessageKind.UNSUPPORTED, "", None)


def test_system_notices_are_skipped() -> None:
    change = incoming({"type": "system", "system": {"body": "User changed number"}})
    del change["value"]["contacts"]
    assert parse_webhook(webhook_body(change)) == WebhookBatch()


@pytest.mark.parametrize("message_type", ["text", "interactive", "button", "image", "reaction"])
def test_a_message_missing_its_type_object_is_malformed(message_type: str) -> None:
    with pytest.raises(MalformedPayload, match=f"a '{message_type}' message has no"):
        parse_webhook(webhook_body(incoming({"type": message_type})))


def test_the_repr_shows_no_identifier_or_text() -> None:
    message = only_message(text_message(SECRET_VALUE, sender=Sender(username="sheena.n")))
    shown = repr(message) + repr(message.media)
    for hidden in (SECRET_VALUE, message.message_id, SENDER.wa_id, SENDER.bsuid, "sheena.n"):
        assert str(hidden) not in shown
    assert "TEXT" in shown or "text" in shown


# -- statuses ----------------------------------------------------------------------------------


def test_a_delivered_status() -> None:
    batch = parse_webhook(
        webhook_body(status_update("wamid.OURS", "delivered", timestamp=1700000000))
    )
    assert batch.messages == ()
    (status,) = batch.statuses
    assert (status.message_id, status.status, status.at, status.error_codes) == (
        "wamid.OURS",
        "delivered",
        datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
        (),
    )
    assert (status.recipient_wa_id, status.recipient_bsuid) == (SENDER.wa_id, SENDER.bsuid)


def test_a_failed_status_has_its_error_codes_and_no_contacts() -> None:
    (status,) = parse_webhook(
        webhook_body(status_update("wamid.OURS", "failed", error_codes=(131047, 131026)))
    ).statuses
    assert (status.status, status.error_codes) == ("failed", (131047, 131026))
    assert status.recipient_bsuid == SENDER.bsuid


def test_a_status_for_a_bsuid_only_recipient() -> None:
    recipient = Sender(wa_id=None, bsuid="IN.1648738043044942")
    (status,) = parse_webhook(
        webhook_body(status_update("wamid.X", "read", recipient=recipient))
    ).statuses
    assert (status.recipient_wa_id, status.recipient_bsuid) == (None, "IN.1648738043044942")


def test_a_status_without_recipient_user_id_takes_the_bsuid_from_the_contact() -> None:
    change = status_update("wamid.X", "sent")
    del change["value"]["statuses"][0]["recipient_user_id"]
    (status,) = parse_webhook(webhook_body(change)).statuses
    assert status.recipient_bsuid == SENDER.bsuid


def test_other_statuses_are_kept_as_given() -> None:
    (status,) = parse_webhook(webhook_body(status_update("wamid.X", "deleted"))).statuses
    assert status.status == "deleted"


# -- whole bodies -------------------------------------------------------------------------------


def test_changes_of_other_fields_are_ignored() -> None:
    template_update = {
        "field": "message_template_status_update",
        "value": {"event": "APPROVED", "message_template_id": 1, "message_template_name": "hi"},
    }
    assert parse_webhook(webhook_body(template_update)) == WebhookBatch()


def test_several_entries_and_changes_keep_body_order() -> None:
    body = document(text_message("one"), status_update("wamid.S1"), text_message("two"))
    body["entry"].append(document(text_message("three"))["entry"][0])
    batch = parse_document(body)
    assert [message.text for message in batch.messages] == ["one", "two", "three"]
    assert [status.message_id for status in batch.statuses] == ["wamid.S1"]


def test_unknown_fields_anywhere_are_ignored() -> None:
    body = document(text_message("hi"))
    body["new_top_level"] = {"x": 1}
    body["entry"][0]["time"] = 1
    change = body["entry"][0]["changes"][0]
    change["new"] = [1]
    change["value"]["new"] = "x"
    change["value"]["contacts"][0]["identity_key_hash"] = "abc"
    change["value"]["messages"][0]["referral"] = {"source_url": "https://ads.example"}
    change["value"]["messages"][0]["text"]["new"] = True
    assert parse_document(body).messages[0].text == "hi"


def test_an_empty_entry_list_is_an_empty_batch() -> None:
    assert parse_document({"object": "whatsapp_business_account", "entry": []}) == WebhookBatch()


# -- bounds ---------------------------------------------------------------------------------------


def test_up_to_the_item_limit_parses_and_one_more_is_malformed() -> None:
    change = text_message()
    one = change["value"]["messages"][0]
    change["value"]["messages"] = [{**one, "id": f"wamid.{n}"} for n in range(MAX_ITEMS - 1)]
    statuses = status_update("wamid.S")
    change["value"]["statuses"] = statuses["value"]["statuses"]
    batch = parse_webhook(webhook_body(change))
    assert len(batch.messages) + len(batch.statuses) == MAX_ITEMS
    with pytest.raises(MalformedPayload, match=f"more than {MAX_ITEMS}"):
        parse_webhook(webhook_body(change, status_update("wamid.T")))


def test_text_up_to_the_limit_parses_and_longer_is_malformed() -> None:
    assert len(only_message(text_message("x" * MAX_TEXT_CHARS)).text) == MAX_TEXT_CHARS
    with pytest.raises(MalformedPayload, match="longer than 65536"):
        parse_webhook(webhook_body(text_message("x" * (MAX_TEXT_CHARS + 1))))
    with pytest.raises(MalformedPayload, match="longer than 65536"):
        parse_webhook(webhook_body(media_message(caption="x" * (MAX_TEXT_CHARS + 1))))


# -- malformed bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"\xff\xfe\x00garbage", b"[" * 100_000, b'{"object": "whatsapp_business_'],
    ids=["empty", "text", "bad-utf8", "deep-nesting", "truncated"],
)
def test_non_json_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedPayload, match="not JSON"):
        parse_webhook(raw)


@pytest.mark.parametrize(
    "path",
    [
        ("entry", 0, "changes", 0, "value", "messages", 0, "text", "body"),
        ("entry", 0, "changes", 0, "value", "contacts", 0, "profile", "name"),
        ("entry", 0, "changes", 0, "value", "messages", 0, "from_user_id"),
        ("entry", 0, "changes", 0, "value", "messages", 0, "from"),
    ],
    ids=["text", "profile-name", "bsuid", "wa_id"],
)
def test_a_lone_surrogate_escape_is_malformed(path: tuple[str | int, ...]) -> None:
    # Valid JSON by its grammar, but the string cannot be encoded again: parsed, it used to
    # reach the store and fail there (a 500 for a signed body).
    body = document(text_message("hi"))
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "\ud800"
    with pytest.raises(MalformedPayload, match="not JSON"):
        parse_webhook(json.dumps(body).encode())


def test_an_escaped_surrogate_pair_is_the_character_it_encodes() -> None:
    raw = webhook_body(text_message("\N{GRINNING FACE} ok"))  # json.dumps escapes it as a pair
    assert b"\\ud83d\\ude00" in raw
    assert only_message(json.loads(raw)["entry"][0]["changes"][0]).text == "\N{GRINNING FACE} ok"


@pytest.mark.parametrize("wamid", ["w" * (MAX_ID_CHARS + 1), "wamid.\x00"], ids=["too-long", "nul"])
def test_a_message_or_status_id_the_store_cannot_hold_is_malformed(wamid: str) -> None:
    # A NUL cannot be stored or looked up in PostgreSQL, nor more than the column's 256
    # characters stored: either used to be a 500 there.
    with pytest.raises(MalformedPayload, match=r"messages\.0\.id"):
        parse_webhook(webhook_body(text_message("hi", message_id=wamid)))
    with pytest.raises(MalformedPayload, match=r"statuses\.0\.id"):
        parse_webhook(webhook_body(status_update(wamid)))


def test_a_message_id_of_the_longest_length_parses() -> None:
    wamid = "w" * MAX_ID_CHARS
    assert only_message(text_message("hi", message_id=wamid)).message_id == wamid


def test_another_object_is_malformed_without_echoing_it() -> None:
    with pytest.raises(MalformedPayload, match="'object' field") as raised:
        parse_document({"object": SECRET_VALUE, "entry": []})
    assert SECRET_VALUE not in str(raised.value)


def _set(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    body = document(text_message("hi"))
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


def _drop(path: tuple[str | int, ...]) -> dict[str, Any]:
    body = document(text_message("hi"))
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return body


VALUE = ("entry", 0, "changes", 0, "value")
MESSAGE = (*VALUE, "messages", 0)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ([SECRET_VALUE], "the body: model_type"),
        (_drop(("entry",)), "entry: missing"),
        (_set(("entry",), SECRET_VALUE), "entry: list_type"),
        (_set(("entry", 0, "changes", 0, "value"), SECRET_VALUE), "value: dict_type"),
        (_set((*VALUE, "messaging_product"), SECRET_VALUE), "messaging_product: literal_error"),
        (_drop((*VALUE, "metadata")), "value.metadata: missing"),
        (_set((*VALUE, "metadata", "phone_number_id"), 12345), "phone_number_id: string_type"),
        (_drop((*MESSAGE, "id")), "messages.0.id: missing"),
        (_set((*MESSAGE, "id"), ""), "messages.0.id: string_too_short"),
        (_set((*MESSAGE, "id"), "w" * (MAX_ID_CHARS + 1)), "messages.0.id: string_too_long"),
        (_set((*MESSAGE, "id"), f"wamid.\x00{SECRET_VALUE}"), "id: string_pattern_mismatch"),
        (_set((*MESSAGE, "timestamp"), SECRET_VALUE), "timestamp: int_parsing"),
        (_set((*MESSAGE, "timestamp"), "99999999999999"), "timestamp: less_than_equal"),
        (_set((*MESSAGE, "timestamp"), "-1"), "timestamp: greater_than_equal"),
        (_set((*MESSAGE, "text", "body"), {"x": SECRET_VALUE}), "text.body: string_type"),
        (_set((*VALUE, "contacts", 0, "wa_id"), [SECRET_VALUE]), "wa_id: string_type"),
        (_set((*VALUE, "messages"), {"0": SECRET_VALUE}), "value.messages: list_type"),
    ],
)
def test_wrong_shapes_say_where_and_never_echo_the_value(body: object, where: str) -> None:
    with pytest.raises(MalformedPayload, match=where) as raised:
        parse_document(body)
    assert SECRET_VALUE not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


# -- nothing but MalformedPayload, whatever arrives ------------------------------------------------

KEYS = [
    "object", "entry", "changes", "field", "value", "messaging_product", "metadata",
    "phone_number_id", "contacts", "profile", "name", "username", "wa_id", "user_id",
    "messages", "statuses", "id", "from", "from_user_id", "timestamp", "type", "text", "body",
    "interactive", "button_reply", "list_reply", "title", "description", "button", "image",
    "caption", "location", "address", "reaction", "emoji", "message_id", "context", "status",
    "recipient_id", "recipient_user_id", "errors", "code",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["whatsapp_business_account", "whatsapp", "messages", "text", "1700000000"]),
)
SHAPED_JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    ),
    max_leaves=30,
)


def _parses_or_is_malformed(raw: bytes) -> None:
    try:
        result = parse_webhook(raw)
    except MalformedPayload:
        return
    assert isinstance(result, WebhookBatch)


@given(raw=st.binary(max_size=512))
def test_arbitrary_bytes_never_raise_anything_but_malformed(raw: bytes) -> None:
    _parses_or_is_malformed(raw)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(value=SHAPED_JSON)
def test_arbitrary_json_in_meta_vocabulary_never_raises_anything_but_malformed(
    value: object,
) -> None:
    _parses_or_is_malformed(json.dumps(value).encode())


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(replacement=SHAPED_JSON, data=st.data())
def test_a_valid_body_with_any_part_replaced_never_raises_anything_but_malformed(
    replacement: object, data: st.DataObject
) -> None:
    body = document(text_message("hi"), status_update("wamid.S"), reaction("\N{FIRE}"))
    paths = list(_paths(body))
    path = data.draw(st.sampled_from(paths))
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    _parses_or_is_malformed(json.dumps(body).encode())


def _paths(node: object, prefix: tuple[str | int, ...] = ()) -> Any:
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))
