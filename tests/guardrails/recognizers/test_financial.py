"""Cards, IBAN, bank accounts, IFSC and UPI ids."""

from __future__ import annotations

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.recognizers.bank_account import BankAccountRecognizer
from guardrails.recognizers.card import CardRecognizer
from guardrails.recognizers.iban import IbanCodeRecognizer
from guardrails.recognizers.ifsc import IfscRecognizer
from guardrails.recognizers.upi import UpiRecognizer
from tests.guardrails.recognizers.helpers import detected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("card 4111 1111 1111 1111 ok", "4111 1111 1111 1111"),
        ("5500-0000-0000-0004", "5500-0000-0000-0004"),
        ("378282246310005", "378282246310005"),
    ],
)
def test_luhn_valid_cards_are_found(text: str, expected: str) -> None:
    assert detected(CardRecognizer(), text) == [expected]


@pytest.mark.parametrize("text", ["4111 1111 1111 1112", "4444444444444444", "₹50,000"])
def test_card_negatives(text: str) -> None:
    assert detected(CardRecognizer(), text) == []


def test_iban_is_found_and_checksum_matters() -> None:
    assert detected(IbanCodeRecognizer(), "IBAN GB82 WEST 1234 5698 7654 32") != []
    assert detected(IbanCodeRecognizer(), "IBAN GB83 WEST 1234 5698 7654 32") == []


def test_bank_account_digits_but_not_money() -> None:
    assert detected(BankAccountRecognizer(), "a/c 123456789012") == ["123456789012"]
    assert detected(BankAccountRecognizer(), "₹100000000 or Rs 250000000") == []


@pytest.mark.parametrize(
    "text, account",
    [
        ("Refund to A/c 2247 3886 3558 2791 04, IFSC IDIB0144740.", "2247 3886 3558 2791 04"),
        ("A/C No: 9584 7366 6452 3013, IFSC: BARB0675554", "9584 7366 6452 3013"),
        ("send the deposit back to 7913 4948 2380 66 (IFSC UTIB0575692)", "7913 4948 2380 66"),
    ],
)
def test_grouped_account_numbers_near_banking_words(engine: GuardrailEngine, text, account):
    assert account in [text[f.start : f.end] for f in engine.analyze(text)]


def test_grouped_digits_without_banking_words_stay(engine: GuardrailEngine) -> None:
    assert engine.analyze("we ship 1200 3400 5600 units a year") == []


def test_ifsc_found_and_negative() -> None:
    assert detected(IfscRecognizer(), "IFSC HDFC0001234") == ["HDFC0001234"]
    assert detected(IfscRecognizer(), "the word abcd0efghij") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pay priya.s@okhdfcbank now", "priya.s@okhdfcbank"),
        ("9876543210@paytm", "9876543210@paytm"),
        ("gpay: rahul99@ybl", "rahul99@ybl"),
    ],
)
def test_upi_ids_are_found(text: str, expected: str) -> None:
    assert detected(UpiRecognizer(), text) == [expected]


def test_email_is_not_a_upi_id() -> None:
    assert detected(UpiRecognizer(), "mail priya@gmail.com") == []
