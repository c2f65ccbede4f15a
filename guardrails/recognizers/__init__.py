"""One recogniser per entity type; ``default_recognizers`` is the list the engine runs.

Class names must differ from Presidio's built-in recognisers: Presidio finds those by class name
among all loaded subclasses, so a clash would break plain Presidio in the same process.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from guardrails.recognizers.aadhaar import AadhaarRecognizer
from guardrails.recognizers.address import AddressRecognizer
from guardrails.recognizers.bank_account import BankAccountRecognizer
from guardrails.recognizers.card import CardRecognizer
from guardrails.recognizers.date_of_birth import DateOfBirthRecognizer
from guardrails.recognizers.driving_licence import DrivingLicenceRecognizer
from guardrails.recognizers.email import EmailAddressRecognizer
from guardrails.recognizers.gstin import GstinRecognizer
from guardrails.recognizers.iban import IbanCodeRecognizer
from guardrails.recognizers.ifsc import IfscRecognizer
from guardrails.recognizers.ip import IpAddressRecognizer
from guardrails.recognizers.known_values import KnownValue, KnownValuesRecognizer
from guardrails.recognizers.pan import PanRecognizer
from guardrails.recognizers.passport import PassportRecognizer
from guardrails.recognizers.person import PersonRecognizer
from guardrails.recognizers.phone import PhoneNumberRecognizer
from guardrails.recognizers.upi import UpiRecognizer
from guardrails.recognizers.voter_id import VoterIdRecognizer

__all__ = ["KnownValue", "KnownValuesRecognizer", "default_recognizers"]


def default_recognizers() -> list[EntityRecognizer]:
    """A fresh instance of every built-in recogniser."""
    return [
        AadhaarRecognizer(),
        AddressRecognizer(),
        BankAccountRecognizer(),
        CardRecognizer(),
        DateOfBirthRecognizer(),
        DrivingLicenceRecognizer(),
        EmailAddressRecognizer(),
        GstinRecognizer(),
        IbanCodeRecognizer(),
        IfscRecognizer(),
        IpAddressRecognizer(),
        PanRecognizer(),
        PassportRecognizer(),
        PersonRecognizer(),
        PhoneNumberRecognizer(),
        UpiRecognizer(),
        VoterIdRecognizer(),
    ]
