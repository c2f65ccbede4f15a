"""The wire's leak check: a conversation's real values found in any spelling, and nothing else."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guardrails.leak_check import LeakDetector, fold
from guardrails.vault import InMemoryVault

VAULT = [
    ("PERSON", "Priya Sharma"),
    ("PHONE_NUMBER", "+91 98765 43210"),
    ("EMAIL_ADDRESS", "priya@x.in"),
    ("IN_AADHAAR", "2345 6789 0123"),
    ("CREDIT_CARD", "4111 1111 1111 1111"),
    ("BANK_ACCOUNT", "50100123456789"),
    ("IN_PAN", "ABCPS1234K"),
    ("IN_GSTIN", "27ABCPS1234K1Z5"),
    ("UPI_ID", "priya.s@okaxis"),
    ("ADDRESS", "14, MG Road, Indiranagar"),
    ("LOCATION", "Raj"),
]
DETECTOR = LeakDetector.from_values(VAULT)
PHONE_ONLY = LeakDetector.from_values([("PHONE_NUMBER", "+91 98765 43210")])
NAME_ONLY = LeakDetector.from_values([("PERSON", "Priya Sharma")])

BUSINESS_WORDS = [
    "budget", "lakh", "crore", "demo", "meeting", "Tuesday", "team", "of", "40", "pricing",
    "CRM", "seats", "quarter", "Q3", "2026", "next", "week", "plan", "annual", "per", "user",
    "₹5,00,000", "invoice", "integration", "WhatsApp", "Gmail", "10:30", "am", "call",
]  # fmt: skip
PLACEHOLDERS = [f"<{kind}_{n}>" for kind, _ in VAULT for n in (1, 2, 12)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hi Priya  SHARMA, thanks", ["PERSON"]),
        ("write to priya.sharma", ["PERSON"]),
        ("priya_sharma on slack", ["PERSON"]),
        ("PriyaSharma is the handle", ["PERSON"]),
        ("just priya", ["PERSON"]),
        ("Mrs. Sharma called", ["PERSON"]),
        ("call +91 98765 43210", ["PHONE_NUMBER"]),
        ("call 098765-43210", ["PHONE_NUMBER"]),
        ("call 9876543210.", ["PHONE_NUMBER"]),
        ("call (+91) 98765/43210", ["PHONE_NUMBER"]),
        ("tel:+919876543210", ["PHONE_NUMBER"]),
        ("PRIYA@X.IN", ["EMAIL_ADDRESS"]),
        ("aadhaar 2345-6789-0123", ["IN_AADHAAR"]),
        ("aadhaar 234567890123", ["IN_AADHAAR"]),
        ("card 4111-1111-1111-1111 exp 12/29", ["CREDIT_CARD"]),
        ("a/c no. 5010 0123 4567 89", ["BANK_ACCOUNT"]),
        ("PAN abcps1234k", ["IN_PAN"]),
        ("PAN ABCPS-1234-K", ["IN_PAN"]),
        ("GSTIN 27abcps1234k1z5", ["IN_GSTIN"]),
        ("pay PRIYA.S@OKAXIS", ["UPI_ID"]),
        ("office at 14 MG Road Indiranagar", ["ADDRESS"]),
        ("from raj.", ["LOCATION"]),
        ("Priya, 9876543210, priya@x.in", ["EMAIL_ADDRESS", "PERSON", "PHONE_NUMBER"]),
    ],
)
def test_every_type_is_found_in_other_spellings(text: str, expected: list[str]) -> None:
    assert DETECTOR.find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "9\u200b8\u200c7\u200d6\u20605\ufeff4\u00ad3210",  # zero-width and soft hyphen
        "९८७६५ ४३२१०",  # Devanagari digits
        "９８７６５４３２１０",  # full-width digits (NFKC)
        "৯৮৭৬৫৪৩২১০",  # Bengali digits
    ],
)
def test_invisible_characters_and_other_scripts_are_undone(text: str) -> None:
    assert PHONE_ONLY.find(text) == ["PHONE_NUMBER"]


def test_names_in_other_scripts_and_compatibility_forms() -> None:
    devanagari = LeakDetector.from_values([("PERSON", "प्रिया शर्मा")])
    assert devanagari.find("नमस्ते प्रिया जी") == ["PERSON"]
    assert devanagari.find("प्रियांका") == []  # a vowel sign continues the word
    assert NAME_ONLY.find("ＰＲＩＹＡ") == ["PERSON"]  # full-width letters
    assert NAME_ONLY.find("Pri\u200bya") == ["PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "Rajasthan and Rajkot",  # "Raj" only as a whole word
        "Priyanka and Sharmaji",  # longer words that start with a name
        "98765 4321",  # nine of the ten digits
        "9876543211",  # one digit different
        "in 2026, 40 seats, ₹5,00,000 budget",  # years and amounts
        "98765 and 43210",  # a word between the halves
        "ABCPS1234",  # the PAN without its last letter
        "<PERSON_1> <PHONE_NUMBER_1> <EMAIL_ADDRESS_2>",
    ],
)
def test_near_misses_are_clean(text: str) -> None:
    assert DETECTOR.find(text) == []


def test_short_and_common_name_parts_are_not_looked_for_alone() -> None:
    detector = LeakDetector.from_values([("PERSON", "Will Li"), ("PERSON", "A")])
    assert detector.find("we will call Li's team") == []  # "will" is a word, "Li" too short
    assert detector.find("a demo for Will Li") == ["PERSON"]  # the whole name still is


def test_an_email_local_part_alone_is_not_a_leak() -> None:
    detector = LeakDetector.from_values([("EMAIL_ADDRESS", "sales@acme.example")])
    assert detector.find("the sales team") == []
    assert detector.find("Sales@Acme.Example") == ["EMAIL_ADDRESS"]


def test_findings_are_types_only_and_the_empty_vault_finds_nothing() -> None:
    assert LeakDetector.from_values([]).find("Priya 9876543210") == []
    assert DETECTOR.find(" ".join(value for _, value in VAULT)) == sorted(
        {kind for kind, _ in VAULT}
    )


def test_json_is_walked_keys_numbers_and_nested_strings() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "ok"}], "n": 1}
    assert DETECTOR.find_in_json(body) == []
    assert DETECTOR.find_in_json({"tools": [{"args": {"phone": 9876543210}}]}) == ["PHONE_NUMBER"]
    assert DETECTOR.find_in_json({"Priya": True}) == ["PERSON"]
    assert DETECTOR.find_in_json([["x", ["deep", {"k": "PAN: ABCPS1234K"}]]]) == ["IN_PAN"]


def test_values_split_across_json_strings_are_not_joined() -> None:
    assert PHONE_ONLY.find_in_json(["98765", "43210"]) == []
    assert DETECTOR.find_in_json(["14, MG", "Road, Indiranagar"]) == []


def test_fold_is_the_shared_comparison_form() -> None:
    assert fold("Priya\u200b  SHARMA ९८७\n") == "priya sharma 987"


def test_a_fifty_kilobyte_body_is_checked_in_milliseconds() -> None:
    vault = [("PERSON", f"Prospect{n} Surname{n}") for n in range(40)]
    vault += [("PHONE_NUMBER", f"+91 98{n:03d} 4{n:04d}") for n in range(10)]
    detector = LeakDetector.from_values(vault)
    sentence = "Our team of 40 needs a CRM by Q3 2026, budget ₹5,00,000, call 10:30. "
    body = {"messages": [{"role": "user", "content": sentence * 10} for _ in range(75)]}
    started = time.perf_counter()
    assert detector.find_in_json(body) == []
    assert time.perf_counter() - started < 0.1


_SEPARATORS = st.text(alphabet=" -./()+", max_size=2)


@given(st.lists(_SEPARATORS, min_size=9, max_size=9), st.sampled_from(["", "+91", "0", "91 "]))
def test_any_separated_spelling_of_the_phone_is_found(seps: list[str], prefix: str) -> None:
    digits = "9876543210"
    spelled = prefix + "".join(d + s for d, s in zip(digits, [*seps, ""], strict=True))
    assert PHONE_ONLY.find(f"my number is {spelled} thanks") == ["PHONE_NUMBER"]


@given(
    st.sampled_from([" ", "  ", ".", "_", "-", "", " . "]),
    st.lists(st.booleans(), min_size=11, max_size=11),
    st.integers(min_value=0, max_value=11),
)
def test_any_casing_and_separator_of_the_name_is_found(
    sep: str, upper: list[bool], zero_width_at: int
) -> None:
    letters = "priya" + sep + "sharma"
    cased = "".join(c.upper() if up else c for c, up in zip(letters, upper * 2, strict=False))
    spelled = cased[:zero_width_at] + "\u200b" + cased[zero_width_at:]
    assert NAME_ONLY.find(f"hello {spelled}!") == ["PERSON"]


@given(
    st.lists(
        st.sampled_from(BUSINESS_WORDS + PLACEHOLDERS),
        max_size=40,
    ),
    st.sampled_from([" ", ", ", "\n", " - "]),
)
def test_placeholders_and_business_words_are_clean(words: list[str], sep: str) -> None:
    assert DETECTOR.find(sep.join(words)) == []


@given(st.text(alphabet="0123456789", min_size=1, max_size=9))
def test_fewer_digits_than_the_phone_never_match(digits: str) -> None:
    assert PHONE_ONLY.find(f"order {digits} confirmed") == []


def test_a_vault_s_detector_is_compiled_again_only_when_its_values_change() -> None:
    vault = InMemoryVault("memo")
    vault.seed("PERSON", "Priya Sharma")
    first = LeakDetector.for_vault(vault)
    assert LeakDetector.for_vault(vault) is first
    vault.placeholder_for("EMAIL_ADDRESS", "priya@example.com")
    second = LeakDetector.for_vault(vault)
    assert second is not first
    assert second.find("write to PRIYA@example.com") == ["EMAIL_ADDRESS"]
