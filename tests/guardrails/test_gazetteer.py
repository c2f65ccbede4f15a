"""Word lists: given names in any script, and known places found in running text."""

from __future__ import annotations

from guardrails.gazetteer import given_names, known_in, place_spans


def test_given_names_are_found_with_or_without_accents() -> None:
    assert known_in(given_names(), "Brynjólfur")
    assert known_in(given_names(), "Ágnes")
    assert known_in(given_names(), "AGNES")


def test_places_longest_first_any_case() -> None:
    text = "we are in new york, Groningen and München; and at home"
    assert [text[p.start : p.end] for p in place_spans(text)] == [
        "new york",
        "Groningen",
        "München",
    ]


def test_major_places() -> None:
    (place,) = place_spans("office in Nagpur")
    assert place.major
