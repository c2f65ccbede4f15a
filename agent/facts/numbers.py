"""Numbers as prospects write them: digits with Western or Indian grouping, scale words and number
words in English and Hindi (romanised).

Budgets and team sizes share this, so "5L", "2k staff" and "paanch lakh" read the same everywhere.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# Digits: "5,00,000" (Indian grouping), "500,000", "2.5", "75000". Never glued to other digits, so a
# part of a phone number or a date is not taken as a number of its own.
DIGITS = r"(?<![\d.,])\d{1,3}(?:,\d{2,3})+(?:\.\d+)?(?!\d|,\d)|(?<![\d.,])\d+(?:\.\d+)?(?!\d|,\d)"

# Small number words; prospects spell out the leading figure ("five lakh", "paanch lakh") but
# rarely anything longer, so compounds like "twenty-five" are out of scope.
NUMBER_WORDS: dict[str, Decimal] = {
    "one": Decimal(1), "two": Decimal(2), "three": Decimal(3), "four": Decimal(4),
    "five": Decimal(5), "six": Decimal(6), "seven": Decimal(7), "eight": Decimal(8),
    "nine": Decimal(9), "ten": Decimal(10), "eleven": Decimal(11), "twelve": Decimal(12),
    "fifteen": Decimal(15), "twenty": Decimal(20), "thirty": Decimal(30), "forty": Decimal(40),
    "fifty": Decimal(50), "hundred": Decimal(100),
    "ek": Decimal(1), "do": Decimal(2), "teen": Decimal(3), "chaar": Decimal(4), "char": Decimal(4),
    "paanch": Decimal(5), "panch": Decimal(5), "chhe": Decimal(6), "saat": Decimal(7),
    "aath": Decimal(8), "nau": Decimal(9), "das": Decimal(10), "bees": Decimal(20),
    "pachaas": Decimal(50), "pachas": Decimal(50), "sau": Decimal(100),
    "dedh": Decimal("1.5"), "dhai": Decimal("2.5"), "a": Decimal(1), "an": Decimal(1),
}  # fmt: skip

# Scale words, longest spelling first so "lakhs" is not read as "lakh" + "s".
SCALES: dict[str, Decimal] = {
    "thousand": Decimal(1_000), "hazaar": Decimal(1_000), "hazar": Decimal(1_000),
    "k": Decimal(1_000),
    "lakhs": Decimal(100_000), "lakh": Decimal(100_000), "lacs": Decimal(100_000),
    "lac": Decimal(100_000), "l": Decimal(100_000),
    "crores": Decimal(10_000_000), "crore": Decimal(10_000_000), "cr": Decimal(10_000_000),
    "million": Decimal(1_000_000), "mn": Decimal(1_000_000), "m": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000), "bn": Decimal(1_000_000_000),
}  # fmt: skip

# Indian scale words: an amount in lakh or crore is rupees even without a currency sign.
INDIAN_SCALES = frozenset({"lakhs", "lakh", "lacs", "lac", "l", "crores", "crore", "cr"})

_WORD_ALTERNATION = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# A number word counts only before a scale word ("five lakh"), never alone ("do you", "a team").
WORD_NUMBER = rf"\b(?:{_WORD_ALTERNATION})\b"
# "L" only glued to the digits ("5L"); a spaced " l" is too often something else.
SCALE = (
    r"(?:\s*(?:thousand|hazaa?r|lakhs?|lacs?|crores?|cr|million|mn|billion|bn)\b"
    r"|\s?[kKmM]\b|L\b)"
)
# One number with its scale, or a range whose upper bound is what a prospect can spend.
RANGE_SEPARATOR = r"\s*(?:-|–|to|se)\s*"


def to_decimal(token: str) -> Decimal:
    """The value of a digit string ("5,00,000", "2.5") or a number word ("paanch").

    Raises:
        ValueError: ``token`` is neither.
    """
    word = token.strip().lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return Decimal(word.replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {token!r}") from exc


def scale_of(token: str | None) -> Decimal:
    """The multiplier of a scale word ("lakh" → 100000); 1 when there is none."""
    if not token:
        return Decimal(1)
    return SCALES[token.strip().lower()]


def is_indian_scale(token: str | None) -> bool:
    """Whether a scale word is lakh or crore, which implies rupees."""
    return token is not None and token.strip().lower() in INDIAN_SCALES
