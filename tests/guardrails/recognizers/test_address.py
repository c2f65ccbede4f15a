"""Street addresses of many countries, their units and postal codes; places and numbers stay."""

from __future__ import annotations

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.recognizers.address import AddressRecognizer
from tests.guardrails.recognizers.helpers import detected


def _covered(value: str, text: str) -> bool:
    """Whether one finding spans all of ``value`` (locality parts may come with it: without
    spaCy's place tags the recogniser cannot tell a neighbourhood from a city)."""
    return any(value in finding for finding in detected(AddressRecognizer(), text))


@pytest.mark.parametrize(
    "text, street",
    [
        ("He lives on Via Pasquale Scura 127.", "Via Pasquale Scura 127"),
        ("Send it to Rue de la Sarthe 52, Houdemont", "Rue de la Sarthe 52"),
        ("meet at 98 rue Descartes, Strasbourg", "98 rue Descartes"),
        ("Avda. Rio Nalon 57, Umbrete", "Avda. Rio Nalon 57"),
        ("enter on C/ Arana 23 please", "C/ Arana 23"),
        ("030 ul. Zakrzowska 92", "030 ul. Zakrzowska 92"),
        ("84251 Hadikgasse 49", "84251 Hadikgasse 49"),
        ("at Frauentaler Strasse 85 today", "Frauentaler Strasse 85"),
        ("7972 Kankaanpääntie 40", "7972 Kankaanpääntie 40"),
        ("Rákóczi út 66 is mine", "Rákóczi út 66"),
        ("016 Olav Duuns gate 134, Stavanger", "Olav Duuns gate 134"),
        ("his address: 45623 Ilichova 50", "45623 Ilichova 50"),
        ("his address: 727 Ποσειδώνος 54", "727 Ποσειδώνος 54"),
        ("The bus station is on Democracia 7069", "Democracia 7069"),
        ("ship to Flat 4B, 2nd Cross, Indiranagar", "Flat 4B, 2nd Cross, Indiranagar"),
        ("Plot No. 110, Salt Lake, Kolkata 700091", "Plot No. 110, Salt Lake"),
        ("the corner of Dunajska 109 and Erna Lane", "Dunajska 109 and Erna Lane"),
        ("We are at 5th floor, Prestige Tower, MG Road", "5th floor, Prestige Tower, MG Road"),
    ],
)
def test_street_formats(text: str, street: str) -> None:
    assert _covered(street, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it is PSC 2322, Box 6025\nAPO AA 88307", "PSC 2322, Box 6025\nAPO AA 88307"),
        ("send to USNS Jaimes\nFPO AE 60330", "USNS Jaimes\nFPO AE 60330"),
        ("Unit 3777 Box 0143\nDPO AA 91174", "Unit 3777 Box 0143\nDPO AA 91174"),
        ("The shop is at 8408 P.O. Box 226", "8408 P.O. Box 226"),
        ("Frauentaler Strasse 85\nSuite 235\nLEPPEN", "Suite 235"),
        ("Billeveien 122 Apt. 524 VEAR Norway", "Apt. 524"),
    ],
)
def test_military_po_box_and_unit_numbers(text: str, expected: str) -> None:
    assert _covered(expected, text)


def test_the_neighbourhood_goes_and_the_city_stays(engine: GuardrailEngine) -> None:
    text = "our office: #62, 6th Cross, Adyar, Chennai - 414976"
    redacted = engine.redact(text).text
    assert "Adyar" not in redacted and "414976" not in redacted
    assert "Chennai" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Let us meet on 15 March 2025 at 5 PM",
        "We need to delegate 5 seats",
        "Can we pay via Office 365 billing?",
        "We use Office 365, Salesforce and Tally",
        "flat 20% off if you sign by Friday",
        "we need it before February 10\nbilling is quarterly",
        "Windows 11 on 250 laptops",
        "we have 3 managers who view reports",
        "Boarding at Gate 5 now",
        "on 5th March we will walk you through it",
    ],
)
def test_address_negatives(text: str) -> None:
    assert detected(AddressRecognizer(), text) == []


def test_a_known_city_ends_the_address_without_spacy() -> None:
    found = detected(AddressRecognizer(), "our office: #62, 6th Cross, Adyar, Chennai - 414976")
    assert "Chennai" not in " ".join(found)
    assert any("Adyar" in part for part in found) and "414976" in found


@pytest.mark.parametrize(
    "text, street, city",
    [
        (
            "Ship to Mainzer Landstrasse 50, 60325 Frankfurt am Main.",
            "Landstrasse 50, 60325",
            "Frankfurt am Main",
        ),
        (
            "Our warehouse is at Unit 12, Bhiwandi Industrial Estate, Thane 421302.",
            "Unit 12",
            "Thane",
        ),
        ("Invoice to: Acme Corp, 221B Baker Street, London NW1 6XE", "221B Baker Street", "London"),
        ("Send it to Via Roma 127, 00184 Roma", "Via Roma 127", "Roma"),
        ("1632 Rua Natale Enei 1137\nSuite 511\nCapão Bonito\nBrazil", "Suite 511", "Capão Bonito"),
    ],
)
def test_the_city_after_a_street_stays(engine: GuardrailEngine, text, street, city) -> None:
    redacted = engine.redact(text).text
    assert street not in redacted and city in redacted


def test_bengaluru_main_and_cross_need_an_ordinal() -> None:
    assert _covered("#12, 4th Main", "ship to #12, 4th Main, Indiranagar")
    assert detected(AddressRecognizer(), "Meet in Frankfurt am Main on 5 June") == []
