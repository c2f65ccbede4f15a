"""The detection view: obfuscations undone, offsets mapped back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guardrails.normalise import normalise


def test_spelled_digits_become_digits_and_map_back() -> None:
    text = "call nine eight seven six five four three two one zero now"
    view = normalise(text)
    assert view.text == "call 9 8 7 6 5 4 3 2 1 0 now"
    start = view.text.index("9")
    assert view.to_original(start, start + 19) == (5, 54)


def test_hinglish_and_repeaters() -> None:
    assert normalise("nau aath saat chhe paanch").text == "9 8 7 6 5"
    assert "99" in normalise("double nine eight seven six five").text


def test_short_number_phrases_stay() -> None:
    for text in ("one or two seats", "do teen din", "three to five users"):
        assert normalise(text).text == text


def test_spelled_email_and_invisible_characters() -> None:
    assert normalise("priya dot sharma at gmail dot com").text == "priya.sharma@gmail.com"
    assert normalise("98\u200b765 43\ufeff210").text == "98765 43210"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail jagrati.nair (at) yahoo (dot) com. Bill me", "jagrati.nair@yahoo.com. Bill me"),
        ("is priya at yahoo dot co dot in. Use it", "priya@yahoo.co.in. Use it"),
        ("to wayne (at) acme (dot) co (dot) uk. You", "wayne@acme.co.uk. You"),
    ],
)
def test_spelled_email_ends_at_the_sentence_full_stop(text: str, expected: str) -> None:
    assert normalise(text).text.endswith(expected)


@given(st.text())
def test_every_view_character_maps_into_the_original(text: str) -> None:
    view = normalise(text)
    for index in range(len(view.text)):
        start, end = view.to_original(index, index + 1)
        assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    "text", ["priya @ gmail . com", "priya[@]gmail.com", "priya(@)gmail(dot)com"]
)
def test_spaced_and_bracketed_at_signs(text: str) -> None:
    assert normalise(f"mail {text} today").text == "mail priya@gmail.com today"
