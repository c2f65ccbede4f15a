"""Aadhaar, PAN, GSTIN, passport, voter id, driving licence: positive and negative cases."""

from __future__ import annotations

import pytest

from guardrails.recognizers.aadhaar import AadhaarRecognizer
from guardrails.recognizers.driving_licence import DrivingLicenceRecognizer
from guardrails.recognizers.gstin import GstinRecognizer
from guardrails.recognizers.pan import PanRecognizer
from guardrails.recognizers.passport import PassportRecognizer
from guardrails.recognizers.voter_id import VoterIdRecognizer
from tests.guardrails.recognizers.helpers import detected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("aadhaar 2345 6789 0124 hai", "2345 6789 0124"),
        ("UID: 234567890124.", "234567890124"),
        ("2345-6789-0124", "2345-6789-0124"),
    ],
)
def test_aadhaar_with_valid_verhoeff_is_found(text: str, expected: str) -> None:
    assert detected(AadhaarRecognizer(), text) == [expected]


@pytest.mark.parametrize(
    "text",
    ["aadhaar 2345 6789 0123", "order 123456789012", "budget ₹2,34,56,789"],
)
def test_aadhaar_negatives(text: str) -> None:
    assert detected(AadhaarRecognizer(), text) == []


def test_pan_found_in_any_case() -> None:
    assert detected(PanRecognizer(), "PAN ABCPD1234E, or abcpd1234e") == [
        "ABCPD1234E",
        "abcpd1234e",
    ]


@pytest.mark.parametrize("text", ["We are evaluating enterprise software", "ABCDE12345"])
def test_pan_negatives(text: str) -> None:
    assert detected(PanRecognizer(), text) == []


def test_gstin_with_valid_checksum_is_certain() -> None:
    results = GstinRecognizer().analyze("GSTIN 24AAACL1234F1Z5", ["IN_GSTIN"], None)
    assert [(r.start, r.end, r.score) for r in results] == [(6, 21, 1.0)]


def test_gstin_negative() -> None:
    assert detected(GstinRecognizer(), "invoice INV-2024-000123 for 24 seats") == []


def test_passport_needs_context() -> None:
    assert detected(PassportRecognizer(), "model J8369854 is cheaper") == []
    recognizer = PassportRecognizer()
    assert recognizer.analyze("J8369854", ["IN_PASSPORT"], None)[0].score < 0.5
    assert "passport" in recognizer.context


def test_voter_id_found_and_negative() -> None:
    assert detected(VoterIdRecognizer(), "voter id ABC1234567") == ["ABC1234567"]
    assert detected(VoterIdRecognizer(), "ABCD1234567 and AB1234567") == []


@pytest.mark.parametrize(
    "text, number",
    [
        ("My driver's license number is yo0047868", "yo0047868"),
        ("DL no: MH12 20110012345", "MH12 20110012345"),
        ("driving licence - S530-4621-9301, thanks", "S530-4621-9301"),
    ],
)
def test_driving_licences(text: str, number: str) -> None:
    assert number in detected(DrivingLicenceRecognizer(), text)


@pytest.mark.parametrize(
    "text", ["my driving licence is valid", "DL of 50 seats", "licence fee 2025 is due"]
)
def test_driving_licence_negatives(text: str) -> None:
    assert detected(DrivingLicenceRecognizer(), text) == []
