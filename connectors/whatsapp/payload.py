"""Parse a verified webhook body into the messages and delivery statuses it reports.

Meta's body (``object: whatsapp_business_account``, ``entry[].changes[].value``) is validated
with pydantic models that ignore unknown fields, since Meta adds fields without notice, and is
turned into frozen dataclasses that hold only what the rest of Aspinix uses. Media are
referenced, never downloaded; changes other than ``messages`` (template status, account
updates) and ``system`` notifications are skipped, as no customer wrote them.

Identities follow Meta's 2026 usernames change (see the ``business-scoped-user-ids`` page of
the WhatsApp Business Platform documentation,
https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/,
and the per-type references such as
https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/order.md):
every user has a business-scoped user id (BSUID, ``contacts[].user_id``, e.g.
``US.13491208655302741918``), also sent as ``messages[].from_user_id`` and, on statuses, as
``statuses[].recipient_user_id``. The phone-based ``wa_id`` (``contacts[].wa_id``,
``messages[].from``, ``statuses[].recipient_id``) is omitted for a user who adopted a username
and is not in the business's contact book. The username is ``contacts[].profile.username``;
``contacts[].username`` is accepted too, as some early payloads placed it there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import from_json

from connectors.whatsapp.errors import MalformedPayload

MAX_ITEMS = 1000
"""Most messages plus statuses one body may carry; Meta batches far fewer."""
MAX_TEXT_CHARS = 65_536
"""Longest message text accepted; WhatsApp users cannot send more, so longer is not Meta."""

_OBJECT = "whatsapp_business_account"
_MESSAGES_FIELD = "messages"
_SKIPPED_TYPES = frozenset({"system"})  # number or BSUID change notices: nobody wrote them
_BSUID = re.compile(r"^[A-Z]{2}\.")  # ISO country code and a dot: "US.1349…", "US.ENT.1181…"
_LAST_TIMESTAMP = 253_402_300_799  # 9999-12-31T23:59:59Z, the last second a datetime holds
MAX_ID_CHARS = 256
"""Longest message id (wamid) accepted: the store's column holds 256; Meta's are far shorter."""
_NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot hold a NUL in text, nor look one up


class MessageKind(StrEnum):
    """What the customer sent; any type Aspinix does not handle is ``UNSUPPORTED``."""

    TEXT = "text"
    INTERACTIVE = "interactive"
    BUTTON = "button"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"
    REACTION = "reaction"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A media attachment as Meta describes it: recorded, not downloaded."""

    id: str = field(repr=False)
    mime_type: str | None
    sha256: str | None = field(repr=False)
    filename: str | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message a customer sent.

    At least one of ``bsuid`` and ``wa_id`` is set. ``text`` is what is stored and given to the
    agent: the body of a text, the title (and list description) of an interactive reply, the
    text of a template button, a media caption, a location's name and address, a reaction's
    emoji; "" when there is none. Identifiers and content are left out of ``repr`` so a stray
    log line cannot leak them (a wamid encodes the phone number).
    """

    message_id: str = field(repr=False)
    phone_number_id: str = field(repr=False)
    bsuid: str | None = field(repr=False)
    wa_id: str | None = field(repr=False)
    username: str | None = field(repr=False)
    profile_name: str | None = field(repr=False)
    kind: MessageKind
    text: str = field(repr=False)
    sent_at: datetime
    media: MediaRef | None = None
    reacted_to: str | None = field(default=None, repr=False)
    context_id: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """A delivery status of one of our outbound messages.

    ``status`` is kept as Meta sent it; ``sent``, ``delivered``, ``read`` and ``failed`` are the
    ones that matter. ``error_codes`` are the Graph error codes of a failure.
    """

    message_id: str = field(repr=False)
    status: str
    at: datetime
    error_codes: tuple[int, ...] = ()
    recipient_bsuid: str | None = field(default=None, repr=False)
    recipient_wa_id: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class WebhookBatch:
    """Everything one webhook body reported, in body order."""

    messages: tuple[InboundMessage, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()


def parse_webhook(raw_body: bytes) -> WebhookBatch:
    """Parse a webhook body (already signature-checked); raise ``MalformedPayload`` if it is not
    Meta's shape, has more than ``MAX_ITEMS`` messages and statuses, or a text longer than
    ``MAX_TEXT_CHARS``. No other exception escapes for any input bytes."""
    envelope = _validate(_Envelope, _load_json(raw_body), "")
    if envelope.object != _OBJECT:
        raise MalformedPayload(f"the 'object' field is not '{_OBJECT}'")
    raw_values = [
        (f"entry.{e}.changes.{c}.value.", change.value)
        for e, entry in enumerate(envelope.entry)
        for c, change in enumerate(entry.changes)
        if change.field == _MESSAGES_FIELD
    ]
    if sum(_item_count(value) for _, value in raw_values) > MAX_ITEMS:
        raise MalformedPayload(f"the body carries more than {MAX_ITEMS} messages and statuses")
    values = [_validate(_Value, value, where) for where, value in raw_values]
    return WebhookBatch(
        messages=tuple(message for value in values for message in _messages(value)),
        statuses=tuple(
            _status(status, value.contacts) for value in values for status in value.statuses
        ),
    )


# -- Meta's shape --------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Profile(_Model):
    name: str | None = None
    username: str | None = None


class _Contact(_Model):
    wa_id: str | None = None
    user_id: str | None = None
    username: str | None = None
    profile: _Profile | None = None


class _Text(_Model):
    body: str


class _Reply(_Model):
    title: str
    description: str | None = None


class _Interactive(_Model):
    type: str
    button_reply: _Reply | None = None
    list_reply: _Reply | None = None


class _Button(_Model):
    text: str


class _Media(_Model):
    id: str = Field(min_length=1)
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None


class _Location(_Model):
    name: str | None = None
    address: str | None = None


class _Reaction(_Model):
    message_id: str = Field(min_length=1)
    emoji: str | None = None  # absent when the customer removed a reaction


class _Context(_Model):
    id: str | None = None


class _Message(_Model):
    id: str = Field(min_length=1, max_length=MAX_ID_CHARS, pattern=_NO_NUL)
    timestamp: int = Field(ge=0, le=_LAST_TIMESTAMP)
    type: str
    from_: str | None = Field(default=None, alias="from")
    from_user_id: str | None = None
    context: _Context | None = None
    text: _Text | None = None
    interactive: _Interactive | None = None
    button: _Button | None = None
    image: _Media | None = None
    audio: _Media | None = None
    video: _Media | None = None
    document: _Media | None = None
    sticker: _Media | None = None
    location: _Location | None = None
    reaction: _Reaction | None = None


class _StatusError(_Model):
    code: int


class _Status(_Model):
    id: str = Field(min_length=1, max_length=MAX_ID_CHARS, pattern=_NO_NUL)
    status: str
    timestamp: int = Field(ge=0, le=_LAST_TIMESTAMP)
    recipient_id: str | None = None
    recipient_user_id: str | None = None
    errors: list[_StatusError] = []


class _Metadata(_Model):
    phone_number_id: str = Field(min_length=1)


class _Value(_Model):
    messaging_product: Literal["whatsapp"]
    metadata: _Metadata
    contacts: list[_Contact] = []
    messages: list[_Message] = []
    statuses: list[_Status] = []


class _Change(_Model):
    field: str
    value: dict[str, Any]  # validated as _Value only for the "messages" field


class _Entry(_Model):
    changes: list[_Change] = []


class _Envelope(_Model):
    object: str
    entry: list[_Entry]


_ModelT = TypeVar("_ModelT", bound=_Model)


def _load_json(raw_body: bytes) -> object:
    """The decoded body, refusing what is not UTF-8 JSON with valid Unicode strings.

    Not ``json.loads``: it decodes a lone surrogate escape ("\\ud800") into a str that
    cannot be encoded again, so the body would pass here and fail later, when a text is
    encrypted or an identifier blind-indexed (a 500 for a signed body).
    """
    try:
        return from_json(raw_body)
    except ValueError:  # also a lone surrogate, and nesting deeper than the decoder's limit
        raise MalformedPayload("the body is not JSON") from None


def _validate(model: type[_ModelT], data: object, where: str) -> _ModelT:
    """Validate, describing a failure by location and error type only: never the input value."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_context=False, include_input=False)
        first = problems[0]
        location = where + ".".join(str(part) for part in first["loc"])
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise MalformedPayload(f"{location or 'the body'}: {first['type']}{more}") from None


def _item_count(value: dict[str, Any]) -> int:
    return sum(
        len(items) for key in ("messages", "statuses") if isinstance(items := value.get(key), list)
    )


# -- from Meta's shape to ours ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Identity:
    bsuid: str | None
    wa_id: str | None
    contact: _Contact | None


def _messages(value: _Value) -> Iterator[InboundMessage]:
    for message in value.messages:
        if message.type in _SKIPPED_TYPES:
            continue
        sender = _identify(message.from_, message.from_user_id, value.contacts)
        if sender.bsuid is None and sender.wa_id is None:
            raise MalformedPayload("a message has neither a business-scoped user id nor a wa_id")
        kind, text, media, reacted_to = _content(message)
        if len(text) > MAX_TEXT_CHARS:
            raise MalformedPayload(f"a message text is longer than {MAX_TEXT_CHARS} characters")
        profile = sender.contact.profile if sender.contact is not None else None
        yield InboundMessage(
            message_id=message.id,
            phone_number_id=value.metadata.phone_number_id,
            bsuid=sender.bsuid,
            wa_id=sender.wa_id,
            username=_username(sender.contact),
            profile_name=_present(profile.name) if profile is not None else None,
            kind=kind,
            text=text,
            sent_at=datetime.fromtimestamp(message.timestamp, tz=UTC),
            media=media,
            reacted_to=reacted_to,
            context_id=_present(message.context.id) if message.context is not None else None,
        )


def _status(status: _Status, contacts: Sequence[_Contact]) -> StatusUpdate:
    recipient = _identify(status.recipient_id, status.recipient_user_id, contacts)
    return StatusUpdate(
        message_id=status.id,
        status=status.status,
        at=datetime.fromtimestamp(status.timestamp, tz=UTC),
        error_codes=tuple(error.code for error in status.errors),
        recipient_bsuid=recipient.bsuid,
        recipient_wa_id=recipient.wa_id,
    )


def _identify(
    phone_field: str | None, bsuid_field: str | None, contacts: Sequence[_Contact]
) -> _Identity:
    """Who a message is from (or a status is for), completed from the matching contact.

    The phone field (``from``/``recipient_id``) may hold a BSUID instead of a phone number; the
    contact matches by either identifier, or is the only contact when it contradicts neither.
    """
    phone = _present(phone_field)
    bsuid = _present(bsuid_field)
    if phone is not None and _BSUID.match(phone):
        bsuid, phone = bsuid or phone, None
    contact = _matching_contact(contacts, phone, bsuid)
    if contact is not None:
        phone = phone or _present(contact.wa_id)
        bsuid = bsuid or _present(contact.user_id)
    return _Identity(bsuid=bsuid, wa_id=phone, contact=contact)


def _matching_contact(
    contacts: Sequence[_Contact], phone: str | None, bsuid: str | None
) -> _Contact | None:
    for contact in contacts:
        if (phone is not None and _present(contact.wa_id) == phone) or (
            bsuid is not None and _present(contact.user_id) == bsuid
        ):
            return contact
    if len(contacts) == 1:
        only = contacts[0]
        wa_id, user_id = _present(only.wa_id), _present(only.user_id)
        contradicts = (phone is not None and wa_id not in (None, phone)) or (
            bsuid is not None and user_id not in (None, bsuid)
        )
        if not contradicts:
            return only
    return None


def _username(contact: _Contact | None) -> str | None:
    if contact is None:
        return None
    in_profile = contact.profile.username if contact.profile is not None else None
    return _present(in_profile) or _present(contact.username)


def _content(message: _Message) -> tuple[MessageKind, str, MediaRef | None, str | None]:
    """The kind, the stored text, the media reference and the reacted-to message id."""
    try:
        kind = MessageKind(message.type)
    except ValueError:
        return MessageKind.UNSUPPORTED, "", None, None
    media_objects = {
        MessageKind.IMAGE: message.image,
        MessageKind.AUDIO: message.audio,
        MessageKind.VIDEO: message.video,
        MessageKind.DOCUMENT: message.document,
        MessageKind.STICKER: message.sticker,
    }
    if kind in media_objects:
        media = _required(media_objects[kind], kind)
        reference = MediaRef(
            id=media.id, mime_type=media.mime_type, sha256=media.sha256, filename=media.filename
        )
        return kind, media.caption or "", reference, None
    if kind is MessageKind.TEXT:
        return kind, _required(message.text, kind).body, None, None
    if kind is MessageKind.INTERACTIVE:
        return kind, _interactive_text(_required(message.interactive, kind)), None, None
    if kind is MessageKind.BUTTON:
        return kind, _required(message.button, kind).text, None, None
    if kind is MessageKind.LOCATION:
        location = _required(message.location, kind)
        return (
            kind,
            "\n".join(part for part in (location.name, location.address) if part),
            None,
            None,
        )
    if kind is MessageKind.REACTION:
        reaction = _required(message.reaction, kind)
        return kind, reaction.emoji or "", None, reaction.message_id
    return kind, "", None, None  # contacts (third parties' cards: not kept) and unsupported


def _interactive_text(interactive: _Interactive) -> str:
    if interactive.button_reply is not None:
        return interactive.button_reply.title
    if interactive.list_reply is not None:
        reply = interactive.list_reply
        return f"{reply.title}\n{reply.description}" if reply.description else reply.title
    return ""  # a flow or other reply without a title to show


_PartT = TypeVar("_PartT")


def _required(part: _PartT | None, kind: MessageKind) -> _PartT:
    if part is None:
        raise MalformedPayload(f"a '{kind}' message has no '{kind}' object")
    return part


def _present(value: str | None) -> str | None:
    """None for a missing or empty identifier: Meta has sent "" where it meant absent."""
    return value or None
