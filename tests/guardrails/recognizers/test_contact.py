"""Phones, e-mails, IP addresses, addresses and dates of birth."""

from __future__ import annotations

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.recognizers.address import AddressRecognizer
from guardrails.recognizers.date_of_birth import DateOfBirthRecognizer
from guardrails.recognizers.email import EmailAddressRecognizer
from guardrails.recognizers.ip import IpAddressRecognizer
from guardrails.recognizers.phone import PhoneNumberRecognizer
from tests.guardrails.recognizers.helpers import detected


@pytest.mark.parametrize(
    "number",
    [
        "+91 98765 43210",
        "098765 43210",
        "9876543210",
        "+91-98765-43210",
        "+44 20 7946 0958",
        "+1 (415) 555-2671",
        "+971 50 123 4567",
    ],
)
def test_phone_formats(number: str) -> None:
    assert number in " ".join(detected(PhoneNumberRecognizer(), f"call me on {number} please"))


@pytest.mark.parametrize(
    "text",
    [
        "nine eight seven six five four three two one zero",
        "98765 four three two one zero",
        "9 8 7 6 5 4 3 2 1 0",
        "98\u200b765\u200c43210",
    ],
)
def test_obfuscated_phones(text: str) -> None:
    assert detected(PhoneNumberRecognizer(), f"mera number {text} hai") == [text]


@pytest.mark.parametrize(
    "text, number",
    [
        ("no message on my registered 92 34 70. Could you check?", "92 34 70"),
        ("no SMS on my registered 21 273 871 4045 yet", "21 273 871 4045"),
    ],
)
def test_short_and_grouped_phones_with_a_context_word(engine: GuardrailEngine, text, number):
    assert [text[f.start : f.end] for f in engine.analyze(text)] == [number]


def test_a_label_after_the_number_makes_it_a_phone() -> None:
    text = "Jo Lee\n68 58 82-Office, 21 291 819 8710 (mobile)"
    assert detected(PhoneNumberRecognizer(), text) == ["68 58 82", "21 291 819 8710"]


@pytest.mark.parametrize(
    "text",
    [
        "budget ₹50,000", "50 seats", "in 2025", "Q3 FY26", "we need 12 34 56 seats",
        "call on 2026-11-25", "Timeline: 2026-11-25 to 2027-03-31", "call 25/11/2026",
    ],
)  # fmt: skip
def test_phone_negatives(text: str) -> None:
    assert detected(PhoneNumberRecognizer(), text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail priya.sharma@gmail.com.", "priya.sharma@gmail.com"),
        ("priya dot sharma at gmail dot com", "priya dot sharma at gmail dot com"),
        ("priya[at]gmail[dot]com", "priya[at]gmail[dot]com"),
        ("r.k@acme.co.in", "r.k@acme.co.in"),
    ],
)
def test_emails(text: str, expected: str) -> None:
    assert detected(EmailAddressRecognizer(), text) == [expected]


@pytest.mark.parametrize("text", ["meet at 5 dot 30", "user@localhost", "name@host.notatld"])
def test_email_negatives(text: str) -> None:
    assert detected(EmailAddressRecognizer(), text) == []


def test_ip_addresses() -> None:
    assert detected(IpAddressRecognizer(), "from 192.168.1.20 and 2001:db8::1") == [
        "192.168.1.20",
        "2001:db8::1",
    ]
    assert detected(IpAddressRecognizer(), "version 999.1.2.3") == []


def test_street_address_keeps_the_city() -> None:
    found = detected(
        AddressRecognizer(), "Office: Flat 12B, Palm Grove Apartments, Koramangala. PIN 560034"
    )
    assert found == ["Flat 12B, Palm Grove Apartments, Koramangala", "560034"]


def test_us_address() -> None:
    found = detected(AddressRecognizer(), "ship to 221 Baker Street, Springfield, IL 62704")
    assert found[0].startswith("221 Baker Street")
    assert any(part.endswith("62704") for part in found)


def test_address_negatives() -> None:
    assert detected(AddressRecognizer(), "We need 50 seats for our sales team by March.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOB: 12/03/1990", "12/03/1990"),
        ("I was born on 4th May 1988", "4th May 1988"),
        ("date of birth is March 12, 1990", "March 12, 1990"),
    ],
)
def test_dates_of_birth(text: str, expected: str) -> None:
    assert detected(DateOfBirthRecognizer(), text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Date of Birth 16-Sep-1988", "16-Sep-1988"),
        ("D.O.B - 8-Oct-1963 thanks", "8-Oct-1963"),
        ("Please tell me your date of birth. It's 4/24/1960", "4/24/1960"),
        ("It's like that since 8/18/1962", "8/18/1962"),
    ],
)
def test_birth_dates_in_more_forms(text: str, expected: str) -> None:
    assert detected(DateOfBirthRecognizer(), text) == [expected]


@pytest.mark.parametrize(
    "text",
    ["born leaders go live on 15/03/2099", "founded in 1962", "DOB of the contract: 1/4/2099"],
)
def test_recent_and_future_dates_are_not_birth_dates(text: str) -> None:
    assert detected(DateOfBirthRecognizer(), text) == []


def test_ordinary_dates_are_not_birth_dates() -> None:
    assert detected(DateOfBirthRecognizer(), "Let's meet on 15/03/2026. Born leaders!") == []
