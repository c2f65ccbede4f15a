"""The checks that keep companies, places and lists of names from being read as one person."""

from __future__ import annotations

from guardrails.gazetteer import place_spans
from guardrails.recognizers._not_a_person import (
    is_known_place,
    names_a_company,
    only_given_names,
    person_shaped,
)


def test_lists_of_given_names() -> None:
    assert only_given_names("Alex, Aaron and John")
    assert not only_given_names("Morgan Stanley")
    assert not only_given_names("Acme, Aaron")


def test_person_shaped_needs_a_family_name_without_a_vocabulary() -> None:
    assert person_shaped("Priya Sharma", None)
    assert not person_shaped("Priya Fintech", None)
    assert not person_shaped("Zenly Sharma", None)


def test_company_words_inside_or_right_after() -> None:
    text = "Astrid of Suez SA and Zenly Fintech"
    assert names_a_company(text, text.index("Suez"), text.index("Suez") + 4)
    assert names_a_company(text, text.index("Zenly"), text.index("Zenly") + 5)
    assert not names_a_company(text, 0, 6)


def test_places_read_as_places() -> None:
    for text, word in [("expanding to surat soon", "surat"), ("office in Nagpur", "Nagpur")]:
        start = text.index(word)
        assert is_known_place(text, start, start + len(word), place_spans(text))
    text = "Taylor wrote it"  # a town in GeoNames, a person here
    assert not is_known_place(text, 0, 6, place_spans(text))
