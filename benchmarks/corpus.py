"""Seeded generator of sales-style prospect messages with labelled PII and business facts.

Why this exists: the guardrail must remove personal data from what prospects really type
(WhatsApp chats and e-mails, much of it Indian, with Hinglish, lower-case names, spelled-out
digits and obfuscated addresses) while leaving the business facts that the sales agent needs
(company, role, city, budget, seats, timeline). Real prospect data cannot be used, so this
module fabricates it with Faker (en_IN, en_US, en_GB) and many hand-written templates, and
labels every value that must disappear (``pii``) and every value that must survive (``keep``).

Each record is ``{"id", "channel", "text", "pii": [{"type", "value"}], "keep": [...]}`` and
every ``value`` occurs verbatim in ``text`` - for obfuscated values it is the exact substring
as typed (spelled-out digits, ``[at]``, zero-width characters included), so an evaluator can
look for it in redacted output without knowing how it was produced.

Determinism: the output depends only on ``(n, seed)`` (and the installed Faker version).

CLI::

    python -m benchmarks.corpus --n 1000 --seed 7 --out benchmarks/out/own_1000.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faker import Faker

LOCALES = ("en_IN", "en_US", "en_GB")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff")
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

PII_TYPES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "ADDRESS",
    "IN_AADHAAR",
    "IN_PAN",
    "IN_GSTIN",
    "UPI_ID",
    "IN_PASSPORT",
    "IN_VOTER",
    "BANK_ACCOUNT",
    "IFSC_CODE",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "DATE_OF_BIRTH",
)
KEEP_TYPES = ("COMPANY", "JOB_TITLE", "CITY", "COUNTRY", "BUDGET", "SEATS", "TIMELINE")

# --------------------------------------------------------------------------------------------
# Check-digit algorithms (written here so that generated identifiers are valid, not just
# shaped right: a guardrail that validates checksums must still catch every one of them).
# --------------------------------------------------------------------------------------------

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def verhoeff_check_digit(digits: str) -> str:
    """Verhoeff check digit for ``digits`` (Aadhaar's last digit)."""
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[(i + 1) % 8][int(ch)]]
    return str(_VERHOEFF_INV[c])


def verhoeff_valid(digits: str) -> bool:
    """Whether ``digits`` (check digit included) passes Verhoeff."""
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][int(ch)]]
    return c == 0


def luhn_check_digit(payload: str) -> str:
    """Luhn check digit to append to ``payload`` (card numbers)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """Whether the digit string passes Luhn."""
    return luhn_check_digit(number[:-1]) == number[-1]


_GST_CHARS = string.digits + string.ascii_uppercase


def gstin_check_char(first14: str) -> str:
    """GSTIN mod-36 check character (factors 1, 2, 1, 2 ... from the left)."""
    total = 0
    for i, ch in enumerate(first14):
        v = _GST_CHARS.index(ch) * (1 if i % 2 == 0 else 2)
        total += v // 36 + v % 36
    return _GST_CHARS[(36 - total % 36) % 36]


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits (mod 97) for ``country`` + ``bban``."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


# --------------------------------------------------------------------------------------------
# Word lists. Company, street and area names are made up from neutral words on purpose: names
# built from surnames (Faker's "Sharma, Patel and Singh") would make person-name leaks
# impossible to tell apart from company names that must survive.
# --------------------------------------------------------------------------------------------

_BRAND_HEADS = (
    "Nova",
    "Zen",
    "Tara",
    "Aero",
    "Vista",
    "Orbit",
    "Lotus",
    "Indigo",
    "Quantum",
    "Saffron",
    "Peak",
    "Harbor",
    "Cedar",
    "Ember",
    "Kite",
    "Monsoon",
    "Banyan",
    "Granite",
    "Pixel",
    "Bright",
    "Silver",
    "Blue",
    "Green",
    "Swift",
    "Crest",
    "Delta",
    "Prism",
    "Nimbus",
    "Arc",
)
_BRAND_TAILS = (
    "ware",
    "link",
    "path",
    "soft",
    "mart",
    "works",
    "grid",
    "leaf",
    "stack",
    "wave",
    "logic",
    "field",
    "bridge",
    "point",
    "craft",
    "line",
    "nest",
    "forge",
    "spire",
    "ly",
)
_COMPANY_SUFFIXES = {
    "en_IN": (
        "Technologies Pvt Ltd",
        "Pvt. Ltd.",
        "Solutions",
        "Retail LLP",
        "Logistics",
        "Foods Pvt Ltd",
        "Infotech",
        "Exports",
        "Realty",
        "Healthcare",
        "Fintech",
        "Industries",
    ),
    "en_US": ("Inc.", "LLC", "Labs", "Systems", "Corp", "Analytics", "Health", "Logistics"),
    "en_GB": ("Ltd", "Limited", "Group", "Partners", "Consulting", "Digital", "plc"),
}
_TITLES = (
    "Head of Sales",
    "VP Marketing",
    "Procurement Manager",
    "CTO",
    "Founder & CEO",
    "Operations Lead",
    "IT Administrator",
    "Regional Sales Manager",
    "Director of Customer Success",
    "Co-founder",
    "Finance Controller",
    "Purchase Head",
    "Marketing Manager",
    "COO",
    "Business Development Executive",
    "Head of IT",
    "General Manager",
    "Sales Director",
    "Inside Sales Lead",
    "Chief Revenue Officer",
    "Product Manager",
    "Managing Director",
)
_CITIES = {
    "en_IN": (
        "Mumbai",
        "Bengaluru",
        "Pune",
        "Hyderabad",
        "Chennai",
        "Gurugram",
        "Noida",
        "Ahmedabad",
        "Kochi",
        "Jaipur",
        "Indore",
        "Kolkata",
        "Delhi",
        "Coimbatore",
        "Lucknow",
        "Surat",
        "Chandigarh",
        "Nagpur",
        "Bangalore",
        "Vadodara",
    ),
    "en_US": (
        "Austin",
        "Chicago",
        "Seattle",
        "Denver",
        "Boston",
        "New York",
        "San Jose",
        "Atlanta",
        "Dallas",
        "Phoenix",
        "San Francisco",
        "Miami",
    ),
    "en_GB": (
        "Manchester",
        "Leeds",
        "Bristol",
        "Edinburgh",
        "London",
        "Birmingham",
        "Glasgow",
        "Cardiff",
        "Liverpool",
        "Reading",
    ),
}
_INTL_CITIES = ("Dubai", "Singapore", "Abu Dhabi", "Sydney", "Toronto", "Berlin", "Nairobi")
_COUNTRIES = (
    "India",
    "USA",
    "United States",
    "UK",
    "United Kingdom",
    "UAE",
    "Singapore",
    "Germany",
    "Australia",
    "Canada",
    "Saudi Arabia",
    "Kenya",
    "Sri Lanka",
    "Bangladesh",
    "Nepal",
)
_STREETS_IN = (
    "MG Road",
    "Linking Road",
    "Residency Road",
    "Park Street",
    "Station Road",
    "Nehru Nagar Main Road",
    "100 Feet Road",
    "Ring Road",
    "Mall Road",
    "Temple Street",
    "Lake View Road",
    "College Road",
)
_AREAS_IN = (
    "Indiranagar",
    "Koramangala",
    "Andheri East",
    "Powai",
    "Baner",
    "Hinjewadi",
    "Salt Lake",
    "Banjara Hills",
    "Gachibowli",
    "Adyar",
    "Vaishali Nagar",
    "Sector 62",
    "Whitefield",
    "Viman Nagar",
    "Bandra West",
    "Velachery",
    "Civil Lines",
    "Malviya Nagar",
)
_BUILDINGS_IN = (
    "Sai Krupa Apartments",
    "Green Meadows",
    "Sunrise Towers",
    "Prestige Residency",
    "Shanti Niwas",
    "Lotus Enclave",
    "Silver Oak Residency",
    "Ganga Heights",
    "Skyline Plaza",
    "Tech Park Phase 2",
)
_STREETS_WEST = (
    "Maple",
    "Oak",
    "Lakeview",
    "Station",
    "Church",
    "Mill",
    "Highland",
    "Riverside",
    "Willow",
    "Park",
    "Chestnut",
    "Harbour",
    "Meadow",
    "Orchard",
    "Victoria",
    "Kingsway",
)
_STREET_KINDS_US = ("St", "Street", "Ave", "Avenue", "Blvd", "Drive", "Road", "Lane")
_STREET_KINDS_GB = ("Road", "Lane", "Street", "Close", "Avenue", "Gardens", "Way")
_US_STATES = ("TX", "IL", "WA", "CO", "MA", "NY", "CA", "GA", "FL", "AZ", "NJ", "NC")
_REP_NAMES = (
    "Ankit",
    "Neha",
    "Rohan",
    "Sara",
    "Vikram",
    "Megha",
    "Arjun",
    "Kavya",
    "Daniel",
    "Emily",
    "Tom",
    "Aisha",
    "Karthik",
    "Pooja",
    "James",
    "Fatima",
)
_FREE_MAIL = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "rediffmail.com",
    "yahoo.co.in",
    "icloud.com",
    "protonmail.com",
    "gmail.com",
    "gmail.com",
)
_UPI_HANDLES = (
    "okhdfcbank",
    "okicici",
    "oksbi",
    "okaxis",
    "ybl",
    "paytm",
    "upi",
    "apl",
    "ibl",
    "axl",
)
_IFSC_BANKS = {
    "HDFC": "HDFC Bank",
    "ICIC": "ICICI Bank",
    "SBIN": "SBI",
    "UTIB": "Axis Bank",
    "KKBK": "Kotak",
    "PUNB": "PNB",
    "BARB": "Bank of Baroda",
    "YESB": "Yes Bank",
    "IDIB": "Indian Bank",
    "CNRB": "Canara Bank",
}
_IN_STATE_CODES = (
    "01",
    "03",
    "04",
    "06",
    "07",
    "08",
    "09",
    "10",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "27",
    "29",
    "30",
    "32",
    "33",
    "34",
    "36",
    "37",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PRODUCTS = (
    "CRM",
    "lead management tool",
    "WhatsApp automation",
    "sales dialer",
    "field sales app",
    "quotation module",
    "helpdesk",
    "analytics dashboard",
    "AI assistant",
    "pipeline tracker",
)


# --------------------------------------------------------------------------------------------
# Message builder
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Val:
    """A labelled value put into a message: ``kind`` is ``pii``, ``keep`` or ``none``."""

    kind: str
    type: str
    value: str


@dataclass
class _Builder:
    """Accumulates message chunks and the labels of the values placed into them."""

    chunks: list[str] = field(default_factory=list)
    pii: list[dict[str, str]] = field(default_factory=list)
    keep: list[dict[str, str]] = field(default_factory=list)

    def record(self, val: Val) -> None:
        item = {"type": val.type, "value": val.value}
        target = self.pii if val.kind == "pii" else self.keep if val.kind == "keep" else None
        if target is not None and item not in target:
            target.append(item)


class _Ctx:
    """Everything one message needs: its random source, locale, style and memoised values.

    Slots such as ``{me}`` or ``{phone}`` resolve through ``slot`` and are memoised, so the
    same person, phone or company reappears consistently within one message (e.g. in the
    opening line and in the e-mail signature).
    """

    def __init__(self, rng: random.Random, fakers: dict[str, Faker], channel: str) -> None:
        self.rng = rng
        self.channel = channel
        self.locale = rng.choices(LOCALES, weights=(60, 22, 18))[0]
        self.fake = fakers[self.locale]
        self.fakers = fakers
        # WhatsApp users often type everything in lower case; e-mails rarely.
        self.lower = channel == "whatsapp" and rng.random() < 0.3
        self.first_only = rng.random() < (0.45 if channel == "whatsapp" else 0.15)
        self.obfuscate = rng.random() < 0.33
        self.memo: dict[str, Val] = {}
        self.has_signature = False
        self.builder = _Builder()
        self._providers: dict[str, Callable[[], Val]] = {
            "me": self._me,
            "first": self._my_first,
            "rep": self._rep,
            "colleague": lambda: self._person(first_only=self.rng.random() < 0.5),
            "colleague2": lambda: self._person(first_only=False),
            "company": self._company,
            "title": lambda: Val("keep", "JOB_TITLE", self._case(self.rng.choice(_TITLES))),
            "city": self._city,
            "country": lambda: Val("keep", "COUNTRY", self.rng.choice(_COUNTRIES)),
            "budget": self._budget,
            "seats": self._seats,
            "timeline": self._timeline,
            "date": self._plain_date,
            "product": lambda: Val("none", "", self.rng.choice(_PRODUCTS)),
            "phone": self._phone,
            "phone2": self._phone,
            "intl_phone": lambda: Val("pii", "PHONE_NUMBER", self._intl_phone()),
            "email": self._email,
            "address": self._address,
            "aadhaar": self._aadhaar,
            "pan": self._pan,
            "gstin": self._gstin,
            "upi": self._upi,
            "passport": self._passport,
            "voter": self._voter,
            "acct": self._acct,
            "ifsc": self._ifsc,
            "bank": lambda: Val("none", "", _IFSC_BANKS[self._ifsc().value[:4].upper()]),
            "card": self._card,
            "expiry": lambda: Val(
                "none", "", f"{self.rng.randint(1, 12):02d}/{self.rng.randint(26, 31)}"
            ),
            "iban": self._iban,
            "ip": self._ip,
            "dob": self._dob,
        }

    # -- slot resolution -------------------------------------------------------------------

    def slot(self, name: str) -> Val:
        if name not in self.memo:
            self.memo[name] = self._providers[name]()
        return self.memo[name]

    def add(self, template: str) -> None:
        """Fill ``template``'s ``{slots}`` and append it as one chunk of the message."""
        if self.lower:
            template = template.lower()
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        vals = {n: self.slot(n) for n in names}
        for v in vals.values():
            self.builder.record(v)
        self.builder.chunks.append(template.format(**{k: v.value for k, v in vals.items()}))

    def add_one(self, templates: tuple[str, ...] | list[str]) -> None:
        self.add(self.rng.choice(templates))

    def _case(self, s: str) -> str:
        return s.lower() if self.lower else s

    # -- people and organisations -------------------------------------------------------

    def _names(self) -> tuple[str, str]:
        fake = self.fake
        return fake.first_name(), fake.last_name()

    def _person(self, first_only: bool) -> Val:
        first, last = self._names()
        value = first if first_only else f"{first} {last}"
        if self.lower or (self.channel == "whatsapp" and self.rng.random() < 0.1):
            value = value.lower()
        return Val("pii", "PERSON", value)

    def _me(self) -> Val:
        first, last = self._names()
        self.memo["first"] = Val("pii", "PERSON", self._case(first))
        self.memo["last"] = Val("pii", "PERSON", self._case(last))
        value = first if self.first_only else f"{first} {last}"
        return Val("pii", "PERSON", self._case(value))

    def _my_first(self) -> Val:
        self.slot("me")
        return self.memo["first"]

    def _rep(self) -> Val:
        return Val("pii", "PERSON", self._case(self.rng.choice(_REP_NAMES)))

    def _brand(self) -> str:
        if "brand" not in self.memo:
            b = self.rng.choice(_BRAND_HEADS) + self.rng.choice(_BRAND_TAILS)
            self.memo["brand"] = Val("none", "", b)
        return self.memo["brand"].value

    def _company(self) -> Val:
        brand = self._brand()
        if self.rng.random() < 0.2:
            name = brand
        else:
            name = f"{brand} {self.rng.choice(_COMPANY_SUFFIXES[self.locale])}"
        return Val("keep", "COMPANY", self._case(name))

    def _city(self) -> Val:
        pool = _CITIES[self.locale] + (_INTL_CITIES if self.rng.random() < 0.15 else ())
        return Val("keep", "CITY", self._case(self.rng.choice(pool)))

    # -- business facts -----------------------------------------------------------------

    def _budget(self) -> Val:
        r = self.rng
        n = r.choice((2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 20, 25, 30, 40, 50))
        k = r.choice((5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 120))
        forms = (
            f"₹{n} lakh",
            f"₹{n} lakhs",
            f"INR {n} lakhs",
            f"Rs. {_indian_grouping(n * 100000 // 2)}",
            f"Rs {_indian_grouping(k * 1000)}",
            f"${k * 1000:,}",
            f"USD {k}k",
            f"€{k}k",
            f"£{k * 1000:,}",
            f"₹{r.choice(('1', '1.5', '2', '2.5'))} crore",
            f"AED {k * 1000:,}",
            f"S${k * 1000:,}",
            f"{n}L INR",
            f"${k}k",
        )
        return Val("keep", "BUDGET", r.choice(forms))

    def _seats(self) -> Val:
        r = self.rng
        n = r.choice((5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250))
        forms = (
            f"{n} seats",
            f"team of {n}",
            f"{n} users",
            f"{n} licenses",
            f"{n} licences",
            f"{n} agents",
            f"{n} sales reps",
            f"{n} people",
            f"{n} field executives",
            f"{n} logins",
        )
        return Val("keep", "SEATS", r.choice(forms))

    def _timeline(self) -> Val:
        r = self.rng
        month = r.choice(_MONTHS)
        forms = (
            f"by {month}",
            "next quarter",
            "before Diwali",
            f"in Q{r.randint(1, 4)}",
            f"within {r.randint(2, 10)} weeks",
            "by end of this month",
            "this financial year",
            f"before {month} {r.randint(1, 28)}",
            f"by {month} {r.randint(1, 28)}",
            f"in the next {r.choice((15, 30, 45, 60, 90))} days",
            "after Holi",
            f"by end of Q{r.randint(1, 4)}",
            "within two weeks",
            "early next year",
            "Diwali se pehle",
            "before the new financial year",
            f"by mid-{month}",
        )
        return Val("keep", "TIMELINE", r.choice(forms))

    def _plain_date(self) -> Val:
        """A date that is a meeting or deadline, never a birth date (must not be redacted)."""
        r = self.rng
        month = r.choice(_MONTHS)
        day = r.randint(1, 28)
        forms = (f"{month} {day}", f"{day} {month}", f"{day}th {month}", f"{month[:3]} {day}")
        return Val("keep", "TIMELINE", r.choice(forms))

    # -- contact data ---------------------------------------------------------------------

    def _phone(self) -> Val:
        r = self.rng
        if self.locale == "en_IN" or r.random() < 0.25:
            value = self._in_phone()
        else:
            value = self._intl_phone()
        return Val("pii", "PHONE_NUMBER", value)

    def _in_phone(self) -> str:
        r = self.rng
        d = r.choice("6789") + "".join(r.choice(string.digits) for _ in range(9))
        if self.obfuscate and r.random() < 0.6:
            return self._obfuscated_digits(d)
        if r.random() < 0.08:  # landline
            std = r.choice(("022", "080", "011", "040", "044", "020"))
            body = r.choice("23456") + "".join(r.choice(string.digits) for _ in range(7))
            return r.choice((f"{std}-{body[:4]} {body[4:]}", f"{std} {body}", f"({std}) {body}"))
        forms = (
            f"+91 {d[:5]} {d[5:]}",
            f"0{d[:5]} {d[5:]}",
            d,
            f"+91-{d[:5]}-{d[5:]}",
            f"+91{d}",
            f"{d[:5]} {d[5:]}",
            f"+91 {d}",
            f"91{d}",
            f"{d[:5]}-{d[5:]}",
            f"(+91) {d[:5]} {d[5:]}",
        )
        return r.choice(forms)

    def _obfuscated_digits(self, d: str) -> str:
        """Digits as people really type them to dodge filters or by habit."""
        r = self.rng
        style = r.randrange(6)
        if style == 0:
            return _spell_digits(d, r, compress=False)
        if style == 1:
            # force a repeated pair so that "double" appears
            i = r.randrange(1, len(d) - 1)
            d = d[:i] + d[i - 1] + d[i + 1 :]
            return _spell_digits(d, r, compress=True)
        if style == 2:
            cut = r.randint(3, 7)
            return f"{d[:cut]} {_spell_digits(d[cut:], r, compress=False)}"
        if style == 3:
            groups = r.choice(((2, 2, 2, 2, 2), (3, 3, 4), (4, 3, 3), (2, 4, 4), (3, 3, 2, 2)))
            parts, i = [], 0
            for g in groups:
                parts.append(d[i : i + g])
                i += g
            return r.choice((" ", "-", ".", "  ")).join(parts)
        if style == 4:
            return _insert_zero_width(r.choice((f"+91 {d[:5]} {d[5:]}", d)), r)
        return f"{d[:5]} {d[5:7]} {_spell_digits(d[7:], r, compress=False)}"

    def _intl_phone(self) -> str:
        r = self.rng
        region = r.choice(("US", "UK", "UAE", "SG", "US", "UK"))
        if self.locale == "en_US" and r.random() < 0.6:
            region = "US"
        if self.locale == "en_GB" and r.random() < 0.6:
            region = "UK"
        digits = lambda k: "".join(r.choice(string.digits) for _ in range(k))  # noqa: E731
        if region == "US":
            area = r.choice(("212", "415", "646", "312", "512", "206", "617", "303", "404", "718"))
            exch = r.choice("23456789") + digits(2)
            line = digits(4)
            v = r.choice(
                (
                    f"+1 ({area}) {exch}-{line}",
                    f"({area}) {exch}-{line}",
                    f"{area}-{exch}-{line}",
                    f"+1 {area} {exch} {line}",
                    f"{area}.{exch}.{line}",
                    f"+1-{area}-{exch}-{line}",
                )
            )
        elif region == "UK":
            if r.random() < 0.7:
                m = "7" + r.choice("4589") + digits(8)
                v = r.choice(
                    (f"0{m[:4]} {m[4:]}", f"+44 {m[:4]} {m[4:]}", f"+44 (0){m[:4]} {m[4:]}")
                )
            else:
                n = digits(8)
                v = r.choice((f"+44 20 {n[:4]} {n[4:]}", f"020 {n[:4]} {n[4:]}"))
        elif region == "UAE":
            p = r.choice(("50", "52", "55", "56", "58"))
            n = digits(7)
            v = r.choice((f"+971 {p} {n[:3]} {n[3:]}", f"0{p} {n[:3]} {n[3:]}", f"+971-{p}-{n}"))
        else:
            n = r.choice("89") + digits(7)
            v = r.choice((f"+65 {n[:4]} {n[4:]}", f"+65 {n[:4]}-{n[4:]}", f"+65{n}"))
        if self.obfuscate and r.random() < 0.2:
            v = _insert_zero_width(v, r)
        return v

    def _email(self) -> Val:
        r = self.rng
        me = self.slot("me").value.lower().split()
        first = me[0] if me else self.fake.first_name().lower()
        last = self.memo["last"].value.lower() if "last" in self.memo else self.fake.last_name()
        first, last = _ascii(first), _ascii(last.lower())
        local = r.choice(
            (
                f"{first}.{last}",
                f"{first}{last}",
                f"{first}_{last}",
                f"{first}{r.randint(1, 99)}",
                f"{first[0]}{last}",
                first,
                f"{first}.{last}{r.randint(80, 99)}",
            )
        )
        if r.random() < 0.45:
            tld = r.choice((".com", ".in", ".co.in", ".io", ".co.uk", ".ai"))
            domain = self._brand().lower() + tld
        else:
            domain = r.choice(_FREE_MAIL)
        addr = f"{local}@{domain}"
        if self.obfuscate and r.random() < 0.7:
            addr = _obfuscate_email(local, domain, r)
        return Val("pii", "EMAIL_ADDRESS", addr)

    def _address(self) -> Val:
        r = self.rng
        if self.locale == "en_IN":
            pin = r.choice("12345678") + "".join(r.choice(string.digits) for _ in range(5))
            city = r.choice(_CITIES["en_IN"])
            v = r.choice(
                (
                    f"Flat {r.randint(1, 19)}{r.randint(0, 9)}{r.randint(1, 9)}, "
                    f"{r.choice(_BUILDINGS_IN)}, {r.choice(_STREETS_IN)}, "
                    f"{r.choice(_AREAS_IN)}, {city} {pin}",
                    f"#{r.randint(1, 999)}, {r.randint(1, 20)}th Cross, {r.choice(_AREAS_IN)}, "
                    f"{city} - {pin}",
                    f"{r.randint(1, 300)}, {r.choice(_STREETS_IN)}, {r.choice(_AREAS_IN)}, "
                    f"{city}-{pin}",
                    f"Plot No. {r.randint(1, 200)}, {r.choice(_AREAS_IN)}, {city} {pin}",
                    f"Office {r.randint(101, 1299)}, {r.choice(_BUILDINGS_IN)}, "
                    f"{r.choice(_AREAS_IN)}, {city}",
                )
            )
        elif self.locale == "en_US":
            zipc = "".join(r.choice(string.digits) for _ in range(5))
            street = f"{r.choice(_STREETS_WEST)} {r.choice(_STREET_KINDS_US)}"
            city = r.choice(_CITIES["en_US"])
            v = r.choice(
                (
                    f"{r.randint(10, 9999)} {street}, {city}, {r.choice(_US_STATES)} {zipc}",
                    f"{r.randint(10, 9999)} {street}, Suite {r.randint(100, 900)}, {city}, "
                    f"{r.choice(_US_STATES)} {zipc}",
                    f"{r.randint(10, 9999)} {street} Apt {r.randint(1, 40)}{r.choice('ABCD')}",
                )
            )
        else:
            pc = (
                f"{r.choice(('M', 'LS', 'BS', 'EH', 'SW', 'N', 'B', 'G', 'CF', 'L'))}"
                f"{r.randint(1, 20)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            )
            street = f"{r.choice(_STREETS_WEST)} {r.choice(_STREET_KINDS_GB)}"
            v = r.choice(
                (
                    f"{r.randint(1, 220)} {street}, {r.choice(_CITIES['en_GB'])} {pc}",
                    f"Flat {r.randint(1, 30)}, {r.randint(1, 220)} {street}, {pc}",
                    f"{r.randint(1, 220)} {street}, {pc}",
                )
            )
        return Val("pii", "ADDRESS", v)

    # -- Indian identifiers and financial data ------------------------------------------

    def _aadhaar(self) -> Val:
        r = self.rng
        body = r.choice("23456789") + "".join(r.choice(string.digits) for _ in range(10))
        d = body + verhoeff_check_digit(body)
        if self.obfuscate and r.random() < 0.4:
            v = r.choice((_spell_digits(d, r, compress=True), _insert_zero_width(d, r)))
        else:
            v = r.choice((f"{d[:4]} {d[4:8]} {d[8:]}", d, f"{d[:4]}-{d[4:8]}-{d[8:]}"))
        return Val("pii", "IN_AADHAAR", v)

    def _pan_core(self, fourth: str) -> str:
        r = self.rng
        letters = "".join(r.choice(string.ascii_uppercase) for _ in range(3))
        fifth = r.choice(string.ascii_uppercase)
        digits = "".join(r.choice(string.digits) for _ in range(4))
        return f"{letters}{fourth}{fifth}{digits}{r.choice(string.ascii_uppercase)}"

    def _pan(self) -> Val:
        pan = self._pan_core(self.rng.choice("PPPPCHFATBLJG"))
        if self.channel == "whatsapp" and self.rng.random() < 0.25:
            pan = pan.lower()
        return Val("pii", "IN_PAN", pan)

    def _gstin(self) -> Val:
        r = self.rng
        first14 = (
            r.choice(_IN_STATE_CODES) + self._pan_core(r.choice("CCCFPT")) + r.choice("123456789")
        ) + "Z"
        return Val("pii", "IN_GSTIN", first14 + gstin_check_char(first14))

    def _upi(self) -> Val:
        r = self.rng
        first = _ascii(self.slot("me").value.split()[0].lower())
        last = _ascii(self.fake.last_name().lower())
        mobile = r.choice("6789") + "".join(r.choice(string.digits) for _ in range(9))
        handle = r.choice(_UPI_HANDLES)
        local = r.choice((first, f"{first}.{last}", mobile, f"{first}{r.randint(1, 999)}"))
        return Val("pii", "UPI_ID", f"{local}@{handle}")

    def _passport(self) -> Val:
        r = self.rng
        v = r.choice("ABCDEFGHJKLMNPRSTUVWYZ") + "".join(r.choice(string.digits) for _ in range(7))
        return Val("pii", "IN_PASSPORT", v)

    def _voter(self) -> Val:
        r = self.rng
        v = "".join(r.choice(string.ascii_uppercase) for _ in range(3)) + "".join(
            r.choice(string.digits) for _ in range(7)
        )
        return Val("pii", "IN_VOTER", v)

    def _acct(self) -> Val:
        r = self.rng
        n = r.choice((9, 11, 12, 13, 14, 14, 15, 16, 18))
        d = r.choice("123456789") + "".join(r.choice(string.digits) for _ in range(n - 1))
        if self.obfuscate and r.random() < 0.3:
            d = " ".join(d[i : i + 4] for i in range(0, len(d), 4))
        return Val("pii", "BANK_ACCOUNT", d)

    def _ifsc(self) -> Val:
        r = self.rng
        if "ifsc" in self.memo:
            return self.memo["ifsc"]
        bank = r.choice(tuple(_IFSC_BANKS))
        branch = "".join(
            r.choice(string.digits if r.random() < 0.9 else string.ascii_uppercase)
            for _ in range(6)
        )
        v = f"{bank}0{branch}"
        if self.lower:
            v = v.lower()
        self.memo["ifsc"] = Val("pii", "IFSC_CODE", v)
        return self.memo["ifsc"]

    def _card(self) -> Val:
        r = self.rng
        kind = r.choice(("visa", "visa", "mc", "amex", "rupay", "discover"))
        prefix, length = {
            "visa": ("4", 16),
            "mc": (r.choice(("51", "52", "53", "54", "55", "2221")), 16),
            "amex": (r.choice(("34", "37")), 15),
            "rupay": (r.choice(("6521", "6522", "6070", "6080")), 16),
            "discover": ("6011", 16),
        }[kind]
        payload = prefix + "".join(r.choice(string.digits) for _ in range(length - 1 - len(prefix)))
        d = payload + luhn_check_digit(payload)
        if length == 15:
            forms: tuple[str, ...] = (
                d,
                f"{d[:4]} {d[4:10]} {d[10:]}",
                f"{d[:4]}-{d[4:10]}-{d[10:]}",
            )
        else:
            g = [d[i : i + 4] for i in range(0, 16, 4)]
            forms = (d, " ".join(g), "-".join(g), " ".join(g))
        v = r.choice(forms)
        if self.obfuscate and r.random() < 0.3:
            v = _insert_zero_width(v, r)
        return Val("pii", "CREDIT_CARD", v)

    def _iban(self) -> Val:
        r = self.rng
        digits = lambda k: "".join(r.choice(string.digits) for _ in range(k))  # noqa: E731
        upper = lambda k: "".join(r.choice(string.ascii_uppercase) for _ in range(k))  # noqa: E731
        country, bban = r.choice(
            (
                ("GB", upper(4) + digits(14)),
                ("DE", digits(18)),
                ("AE", digits(19)),
                ("NL", upper(4) + digits(10)),
                ("FR", digits(23)),
                ("IE", upper(4) + digits(14)),
            )
        )
        iban = country + iban_check_digits(country, bban) + bban
        if r.random() < 0.5:
            iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return Val("pii", "IBAN_CODE", iban)

    def _ip(self) -> Val:
        v = self.fake.ipv4_public() if self.rng.random() < 0.75 else self.fake.ipv6()
        return Val("pii", "IP_ADDRESS", v)

    def _dob(self) -> Val:
        r = self.rng
        y, m, d = r.randint(1960, 2003), r.randint(1, 12), r.randint(1, 28)
        mon = _MONTHS[m - 1]
        sfx = "th" if d in (4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20) else ""
        sfx = sfx or {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
        forms = (
            f"{d:02d}/{m:02d}/{y}",
            f"{d:02d}-{m:02d}-{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{d}{sfx} {mon} {y}",
            f"{mon} {d}, {y}",
            f"{d} {mon[:3]} {y}",
            f"{d:02d}.{m:02d}.{y}",
            f"{m:02d}/{d:02d}/{y}",
            f"{d}-{mon[:3]}-{y}",
            f"{d:02d}/{m:02d}/{y % 100:02d}",
        )
        return Val("pii", "DATE_OF_BIRTH", r.choice(forms))


# --------------------------------------------------------------------------------------------
# Obfuscation helpers
# --------------------------------------------------------------------------------------------


def _indian_grouping(n: int) -> str:
    """2,50,000 style grouping (lakh/crore)."""
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    parts = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return ",".join([*parts, tail])


def _ascii(s: str) -> str:
    return "".join(ch for ch in s if ch.isascii() and ch.isalnum()) or "user"


def _spell_digits(d: str, r: random.Random, compress: bool) -> str:
    """``98765`` -> ``nine eight seven six five``; with ``compress``, ``99`` -> ``double nine``."""
    words: list[str] = []
    i = 0
    zero = "oh" if r.random() < 0.2 else "zero"
    while i < len(d):
        w = zero if d[i] == "0" else DIGIT_WORDS[int(d[i])]
        run = 1
        while compress and i + run < len(d) and d[i + run] == d[i] and run < 3:
            run += 1
        if run == 3:
            words.append(f"triple {w}")
        elif run == 2:
            words.append(f"double {w}")
        else:
            words.append(w)
        i += run
    text = " ".join(words)
    return text.capitalize() if r.random() < 0.1 else text


def _insert_zero_width(s: str, r: random.Random) -> str:
    """Insert one to three zero-width characters strictly inside ``s``."""
    chars = list(s)
    for _ in range(r.randint(1, 3)):
        pos = r.randint(1, len(chars) - 1)
        chars.insert(pos, r.choice(ZERO_WIDTH))
    return "".join(chars)


def _obfuscate_email(local: str, domain: str, r: random.Random) -> str:
    style = r.randrange(7)
    dom_words = domain.replace(".", " dot ")
    if style == 0:
        return f"{local.replace('.', ' dot ')} at {dom_words}"
    if style == 1:
        return f"{local}[at]{domain.replace('.', '[dot]')}"
    if style == 2:
        return f"{local} (at) {domain.replace('.', ' (dot) ')}"
    if style == 3:
        return f"{local} at the rate {dom_words}"
    if style == 4:
        return f"{local} AT {domain.replace('.', ' DOT ')}"
    if style == 5:
        return f"{local} at {domain}"
    return _insert_zero_width(f"{local}@{domain}", r)


# --------------------------------------------------------------------------------------------
# Templates. Slots: see _Ctx._providers. Many phrasings per intent, so that an engine tuned on
# a handful of sentences does not look better than it is.
# --------------------------------------------------------------------------------------------

_WA_GREETINGS = (
    "Hi",
    "Hello",
    "Hi {rep}",
    "Hello {rep},",
    "hi {rep} ji",
    "Namaste",
    "Good morning sir",
    "Hey there",
    "Hii",
    "Hello team",
    "Hi, got your number from the website.",
    "Hey {rep}!",
    "Good evening",
    "hello sir/madam",
    "Hi {rep}, following up on the call.",
    "Namaskar {rep} ji",
)
_WA_INTROS = (
    "this is {me} from {company}.",
    "I'm {me}, {title} at {company} in {city}.",
    "mera naam {first} hai, {company} se bol raha hoon.",
    "{me} here ({company}).",
    "My name is {me} and I look after sales ops at {company}.",
    "I head procurement at {company}, {city}.",
    "{me} this side, {title} - {company}.",
    "main {me}, {company} {city} se.",
    "we spoke last week, {me} from {company}.",
    "I am {me}. We run {company} out of {city}.",
    "mera naam {me} hai.",
    "{first} from {company} here.",
    "it's {me} ({title}, {company}).",
    "myself {me}, working as {title} in {company}.",
)
_NEEDS = (
    "We are looking for a {product} for {seats}, budget around {budget}, need it live {timeline}.",
    "mujhe {seats} chahiye, budget {budget} tak hai.",
    "Can you share pricing for {seats}? We want to go live {timeline}.",
    "Our budget is {budget} for {seats}.",
    "Is there a discount if we sign {timeline}? We'd need {seats}.",
    "We are evaluating three vendors for our {country} rollout, roughly {seats}.",
    "need a quote for {seats}, max {budget}",
    "kitna lagega for {seats}? budget {budget} hai and we need it {timeline}",
    "We are {seats} and want the {product} rolled out {timeline}.",
    "Management approved {budget} for this; can you do {seats} within that?",
    "Looking to replace our current {product} {timeline}. Team size is about {seats}.",
    "Do you have a plan for {seats}? Anything under {budget} works.",
    "We're expanding to {city} {timeline} and need {seats} on your {product}.",
    "Price for {seats}?? Our ceiling is {budget}.",
    "Can we get a trial for {seats} first? Decision will be {timeline}.",
    "hum {seats} ke liye dekh rahe hain, {timeline} start karna hai.",
    "Our {country} office needs {seats}; budget is {budget} per year.",
    "Please send a proposal. Budget {budget}, {seats}, go-live {timeline}.",
    "Interested in the enterprise plan. We are about {seats} across {city} and {country}.",
    "is onboarding included? we need it {timeline}, {seats}",
    "Can we do the demo on {date}? We'd be {seats} on the call.",
    "URGENT REQUIREMENT: {seats}, quote needed {timeline}",
    "Can the {product} integrate with Tally? We need {seats} {timeline}.",
    "Our CFO signed off {budget}; looking at {seats} starting {timeline}.",
)
_CONTACTS = (
    "You can call me on {phone}.",
    "mera number {phone} hai.",
    "whatsapp me at {phone}",
    "My email is {email}.",
    "Drop a mail to {email}.",
    "Reach me on {phone} or {email}.",
    "call karo {phone} pe",
    "my number: {phone}",
    "Please send the quote to {email}, cc my colleague {colleague}.",
    "My colleague {colleague} ({phone2}) will coordinate the demo.",
    "Best to reach me at {phone} after 6pm.",
    "email id {email} hai, wahan bhej dena",
    "contact {colleague} on {phone2} for the technical questions.",
    "ping me on {phone} (whatsapp) or mail {email}",
    "my US number is {intl_phone}, I'm travelling.",
    "You can also loop in {colleague2}, our {title}.",
    "number note kar lo: {phone}",
    "Mobile {phone} | mail {email}",
    "if I don't pick up, try my office line {phone2}",
)
_EXTRAS: dict[str, tuple[str, ...]] = {
    "pan": (
        "For the invoice, my PAN is {pan}.",
        "PAN: {pan}",
        "pan no {pan}",
        "Our PAN number is {pan}, please mention it on the PO.",
        "pan card {pan} hai",
    ),
    "gstin": (
        "Please raise the invoice on our GSTIN {gstin}.",
        "GST no. {gstin}",
        "our gst number is {gstin}",
        "GSTIN - {gstin} (registered office {city})",
        "Bill to {company}, GSTIN {gstin}.",
    ),
    "aadhaar": (
        "Aadhaar for KYC: {aadhaar}",
        "aadhar number {aadhaar} hai",
        "My UID is {aadhaar}, needed for the e-sign.",
        "aadhaar no. {aadhaar}",
        "KYC ke liye aadhaar {aadhaar}",
    ),
    "upi": (
        "I can pay the advance via UPI from {upi}.",
        "upi id {upi}",
        "Send the refund to {upi} please.",
        "GPay/PhonePe: {upi}",
        "pay kar dunga {upi} se",
    ),
    "passport": (
        "For the visitor pass, passport no {passport}.",
        "My passport number is {passport} for the visa invitation letter.",
        "passport {passport}, expiry 2031",
        "Passport No.: {passport}",
    ),
    "voter": (
        "voter id {voter} as address proof",
        "EPIC no. {voter}",
        "My voter ID is {voter}.",
    ),
    "bank": (
        "Refund to A/c {acct}, IFSC {ifsc}.",
        "account number {acct} ifsc {ifsc} ({bank})",
        "Bank: {bank}, A/C No: {acct}, IFSC: {ifsc}",
        "a/c no {acct}\nifsc code {ifsc}",
        "Please transfer the security deposit back to {acct} (IFSC {ifsc}).",
    ),
    "card": (
        "Charge the annual plan to my card {card}, exp {expiry}.",
        "card no {card}",
        "Use my corporate card {card} for the first invoice.",
        "cc: {card} exp {expiry}",
    ),
    "iban": (
        "Wire details: IBAN {iban}.",
        "our IBAN is {iban}",
        "IBAN {iban}, please confirm receipt",
    ),
    "ip": (
        "Please whitelist {ip} for SSO.",
        "our office egress IP is {ip}",
        "login is blocked from {ip}, can you check?",
        "VPN IP: {ip}",
    ),
    "dob": (
        "DOB {dob} for the account verification.",
        "I was born on {dob}.",
        "date of birth: {dob}",
        "D.O.B - {dob}",
        "my birthday is {dob} (needed for the insurance add-on)",
        "Date of Birth {dob}",
    ),
    "address": (
        "Ship the hardware to {address}.",
        "our office: {address}",
        "billing address - {address}",
        "Courier the agreement to {address}",
        "Address: {address}",
    ),
}
_WA_CLOSINGS = (
    "thanks",
    "Thanks!",
    "pls revert asap",
    "ok thx",
    "🙏",
    "Thank you",
    "waiting for reply",
    "jaldi batao",
    "cheers",
    "Regards",
    "",
    "",
    "",
)
_SUBJECTS = (
    "Pricing enquiry",
    "Re: Demo follow-up",
    "Quote request - {company}",
    "Proposal needed",
    "Enquiry from {company}",
    "Fwd: CRM evaluation",
    "Licensing question",
    "Re: your offer",
    "Onboarding timeline",
    "Invoice details",
)
_EMAIL_OPENERS = (
    "Hi {rep},",
    "Dear {rep},",
    "Hello,",
    "Dear Sir/Madam,",
    "Hi team,",
    "Good afternoon {rep},",
    "Hi {rep}, hope you are well.",
)
_EMAIL_INTROS = (
    "I am {me}, {title} at {company}.",
    "My name is {me} and I lead the sales team at {company} in {city}.",
    "I'm reaching out on behalf of {company}.",
    "Thanks for the demo yesterday.",
    "Following up on our call with {colleague}.",
    "We met at the SaaS summit in {city}.",
    "I manage IT for {company}, a {country}-based distributor.",
)
_SIGNATURES = (
    "Regards,\n{me}\n{title}, {company}\n{phone}",
    "Thanks & regards\n{me} | {title}\n{company} | {city}\nM: {phone} | E: {email}",
    "Best,\n{me}",
    "--\n{me}\n{title}\n{company}\nMob: {phone}",
    "Warm regards,\n{me}\n{company}, {city}, {country}",
    "Cheers,\n{first}\n\nSent from my iPhone",
    "Kind regards,\n{me}\n{title} | {company}\nDirect: {phone}\n{email}",
    "Thanks,\n{me}\n{company}\n{address}",
)
_NO_PII = (
    "Do you support SSO for {seats}? We are evaluating options for a rollout {timeline}.",
    "Can we schedule the demo on {date} at 3 pm?",
    "Our previous vendor charged {budget} per year. Invoice reference INV-2024-0042.",
    "Is the API rate limit 1000 requests per minute? We are evaluating the enterprise tier.",
    "What's the difference between the Growth and Enterprise plans for {seats}?",
    "We'll finalise the vendor on {date}; please send the proposal before that.",
    "Does the {product} work offline? Our field team in {city} has patchy network.",
    "kya aapka product Hindi support karta hai? {seats} ke liye chahiye {timeline}",
    "Our financial year ends March 31, so the PO must be raised {timeline}.",
    "Is there an annual discount? Budget is {budget} for {seats}.",
    "Please share the SOC 2 report and the data residency options for {country}.",
    "How long does onboarding take for {seats}? We're targeting {timeline}.",
    "Order quantity 1200 units, reference PO 4500123456. Can you confirm delivery {timeline}?",
    "We have 3 branches in {city}; is pricing per branch or per user?",
    "The renewal is due on {date}. Will the price stay at {budget}?",
    "Any case studies from companies in {country}? We're {seats}.",
    "Can your team present to our board on {date}? They meet every quarter.",
    "Evaluating you against two competitors. Need support for 9 languages and {seats}.",
)


def _whatsapp(ctx: _Ctx) -> None:
    r = ctx.rng
    if r.random() < 0.75:
        ctx.add_one(_WA_GREETINGS)
    if r.random() < 0.8:
        ctx.add_one(_WA_INTROS)
    for t in r.sample(_NEEDS, k=r.choice((1, 1, 1, 2))):
        ctx.add(t)
    for t in r.sample(_CONTACTS, k=r.choice((0, 1, 1, 1, 2))):
        ctx.add(t)
    _extras(ctx, r.choice((0, 0, 1, 1, 1, 2)))
    closing = r.choice(_WA_CLOSINGS)
    if closing:
        ctx.add(closing)


def _email_msg(ctx: _Ctx) -> None:
    r = ctx.rng
    ctx.add("Subject: " + r.choice(_SUBJECTS))
    ctx.add_one(_EMAIL_OPENERS)
    if r.random() < 0.85:
        ctx.add_one(_EMAIL_INTROS)
    for t in r.sample(_NEEDS, k=r.choice((1, 2))):
        ctx.add(t)
    for t in r.sample(_CONTACTS, k=r.choice((0, 0, 1))):
        ctx.add(t)
    _extras(ctx, r.choice((0, 1, 1, 2)))
    ctx.add_one(_SIGNATURES)
    ctx.has_signature = True


def _extras(ctx: _Ctx, k: int) -> None:
    for kind in ctx.rng.sample(sorted(_EXTRAS), k=k):
        ctx.add_one(_EXTRAS[kind])


def _no_pii(ctx: _Ctx) -> None:
    r = ctx.rng
    if ctx.channel == "email":
        ctx.add("Subject: " + r.choice(("Question", "Pricing", "Quick question", "Demo")))
        ctx.add(r.choice(("Hello,", "Hi team,", "Dear Sales team,")))
    for t in r.sample(_NO_PII, k=r.choice((1, 2))):
        ctx.add(t)


def _render(ctx: _Ctx) -> str:
    chunks = ctx.builder.chunks
    if ctx.channel == "email":
        # Subject line, blank line, opener, then body sentences as a paragraph, then signature.
        head, body = chunks[:2], chunks[2:]
        sig = body.pop() if ctx.has_signature else ""
        text = head[0] + "\n\n" + "\n\n".join(head[1:])
        text += "\n\n" + " ".join(body) if body else ""
        return text + ("\n\n" + sig if sig else "")
    parts = [c for c in chunks if c]
    if ctx.rng.random() < 0.15:
        # Pasted from a WhatsApp chat export: "[12/03/24, 10:42 am] Name: text". The header
        # date is a message timestamp, not a birth date; the sender name is personal data.
        who = ctx.slot("me")
        ctx.builder.record(who)
        day, month = ctx.rng.randint(1, 28), ctx.rng.randint(1, 12)
        lines = []
        for c in parts:
            minute = ctx.rng.randint(0, 59)
            stamp = f"[{day:02d}/{month:02d}/24, {ctx.rng.randint(1, 12)}:{minute:02d} pm]"
            lines.append(f"{stamp} {who.value}: {c}")
        return "\n".join(lines)
    sep = ctx.rng.choice((" ", " ", "\n", ". "))
    out = parts[0] if parts else ""
    for c in parts[1:]:
        out += (" " if sep == ". " and out[-1:] in ".!?,:;" else sep) + c
    return out


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """Return ``n`` labelled messages; the same ``(n, seed)`` always gives the same list."""
    rng = random.Random(seed)
    fakers: dict[str, Faker] = {}
    for i, loc in enumerate(LOCALES):
        f = Faker(loc)
        f.seed_instance(seed * 1000 + i)
        fakers[loc] = f
    records: list[dict[str, Any]] = []
    for i in range(n):
        channel = "whatsapp" if rng.random() < 0.58 else "email"
        ctx = _Ctx(random.Random(rng.getrandbits(64)), fakers, channel)
        if ctx.rng.random() < 0.12:
            _no_pii(ctx)
        elif channel == "whatsapp":
            _whatsapp(ctx)
        else:
            _email_msg(ctx)
        text = _render(ctx)
        rec = {
            "id": f"own-{seed}-{i:05d}",
            "channel": channel,
            "text": text,
            "pii": ctx.builder.pii,
            "keep": _usable_keeps(text, ctx.builder.keep, ctx.builder.pii),
        }
        _check(rec)
        records.append(rec)
    return records


def _usable_keeps(
    text: str, keep: list[dict[str, str]], pii: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Drop keep-facts whose only occurrences lie inside a PII value (e.g. a city in an address):
    an engine that removes the address correctly must not be charged for losing them."""
    masked = text
    for p in sorted(pii, key=lambda p: -len(p["value"])):
        masked = masked.replace(p["value"], "\x00" * len(p["value"]))
    return [k for k in keep if k["value"] in masked]


def _check(rec: dict[str, Any]) -> None:
    for item in rec["pii"] + rec["keep"]:
        if item["value"] not in rec["text"]:
            raise AssertionError(f"{rec['id']}: {item} not in text")


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    """Write ``records`` as JSON Lines (UTF-8, non-ASCII kept readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """CLI: write ``generate(n, seed)`` to a JSON Lines file (or stdout with ``-``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="benchmarks/out/own_corpus.jsonl", help="path or '-'")
    args = ap.parse_args(argv)
    records = generate(args.n, args.seed)
    if args.out == "-":
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        write_jsonl(records, Path(args.out))
        print(f"wrote {len(records)} records to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
