"""Normalising channel identifiers before they are blind-indexed, so one person is found
whatever spelling the channel used: "+91 98765 43210", "919876543210" and "098765 43210" are
one phone number; "Priya.Sharma@Gmail.com " and "priya.sharma@gmail.com" one address."""

from __future__ import annotations

from enum import StrEnum

import phonenumbers

from store.errors import InvalidInput

DEFAULT_REGION = "IN"


class IdentityKind(StrEnum):
    """The ways a channel identifies a contact."""

    WA_ID = "wa_id"  # WhatsApp's phone-based id: digits with the country code
    BSUID = "bsuid"  # WhatsApp's business-scoped user id, e.g. "IN.1648738043044942"
    USERNAME = "username"  # a WhatsApp username, which may replace the phone number
    PHONE = "phone"
    EMAIL = "email"


def index_family(kind: IdentityKind) -> tuple[str, tuple[IdentityKind, ...]]:
    """The blind-index namespace of ``kind`` and every kind in it: a wa_id is a phone number,
    so looking a contact up by phone finds the WhatsApp identity too."""
    if kind in (IdentityKind.PHONE, IdentityKind.WA_ID):
        return "phone", (IdentityKind.PHONE, IdentityKind.WA_ID)
    return kind.value, (kind,)


def _phone_digits(value: str) -> str:
    text = value.strip()
    if text.isdigit() and len(text) > 10 and not text.startswith("0"):
        text = "+" + text  # WhatsApp gives wa_ids as bare digits with the country code
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidInput("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def normalise_identity(kind: IdentityKind, value: str) -> str:
    """The canonical form of an identifier of ``kind``; InvalidInput when it cannot be one."""
    if kind in (IdentityKind.PHONE, IdentityKind.WA_ID):
        return _phone_digits(value)
    if kind is IdentityKind.EMAIL:
        address = value.strip().casefold()
        if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
            raise InvalidInput("not an e-mail address")
        return address
    if kind is IdentityKind.USERNAME:
        username = value.strip().removeprefix("@").casefold()
        if not username:
            raise InvalidInput("empty username")
        return username
    bsuid = value.strip()
    if not bsuid:
        raise InvalidInput("empty BSUID")
    return bsuid
