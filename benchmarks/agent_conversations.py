"""Seeded prospect conversations for the agent benchmark: one prospect per conversation, writing
turn after turn with Indian and international personal data.

Why not ``benchmarks.corpus``: its messages are independent (a new person in each), while the
agent benchmark needs the same prospect to come back with the same name, phone and e-mail, turn
after turn, as a real conversation does: that is what exercises the conversation's vault. The
turns are a seeded choice among templates filled from one Faker persona, so the output depends
only on ``(turns, seed)`` (and the installed Faker version).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from benchmarks.corpus import gstin_check_char

_UPI_HANDLES = ("okhdfcbank", "oksbi", "okicici", "ybl", "paytm")
_DOMAINS = ("gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com")
_PARTNER_PHONES = ("+44 7700 900{:03d}", "+49 151 2345{:04d}", "+1 415 555 {:04d}")


@dataclass(frozen=True)
class Persona:
    """One prospect's details, and a colleague abroad they sometimes mention."""

    name: str
    wa_id: str
    company: str
    city: str
    phone: str
    email: str
    pan: str
    gstin: str
    upi: str
    address: str
    partner: str
    partner_phone: str
    partner_email: str


def _ascii_handle(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch in string.ascii_lowercase + ".") or "prospect"


def _persona(rng: random.Random, india: Faker, abroad: Faker) -> Persona:
    first, last = india.first_name(), india.last_name()
    mobile = rng.choice("6789") + "".join(rng.choice(string.digits) for _ in range(9))
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    initial, check = last[0].upper(), rng.choice(string.ascii_uppercase)
    pan = f"{letters}P{initial}{rng.randint(1000, 9999)}{check}"
    company_pan = f"{letters}C{initial}{rng.randint(1000, 9999)}A"
    first14 = f"{rng.randint(1, 37):02d}{company_pan}{rng.randint(1, 9)}Z"
    partner_first, partner_last = abroad.first_name(), abroad.last_name()
    handle = _ascii_handle(first)
    return Persona(
        name=f"{first} {last}",
        wa_id=f"91{mobile}",
        company=india.company(),
        city=india.city(),
        phone=rng.choice((f"+91 {mobile[:5]} {mobile[5:]}", mobile, f"0{mobile}")),
        email=f"{handle}.{_ascii_handle(last)}@{rng.choice(_DOMAINS)}",
        pan=pan,
        gstin=first14 + gstin_check_char(first14),
        upi=f"{handle}{rng.randint(1, 99)}@{rng.choice(_UPI_HANDLES)}",
        address=india.address().replace("\n", ", "),
        partner=f"{partner_first} {partner_last}",
        partner_phone=rng.choice(_PARTNER_PHONES).format(rng.randint(0, 999)),
        partner_email=f"{_ascii_handle(partner_first)}@{_ascii_handle(partner_last)}.com",
    )


Template = Callable[[Persona, random.Random], str]

_OPENINGS: tuple[Template, ...] = (
    lambda p, r: (
        f"Hi, this is {p.name} from {p.company}. We need a CRM for "
        f"{r.randint(5, 200)} sales reps in {p.city}."
    ),
    lambda p, r: (
        f"hello, {p.name.split()[0].lower()} here, I run sales at {p.company}. "
        f"Looking for a WhatsApp lead tool for {r.randint(5, 80)} people"
    ),
    lambda p, r: (
        f"Good morning! I am {p.name}, founder of {p.company}, {p.city}. "
        "Can you tell me about your pricing?"
    ),
)
_TURNS: tuple[Template, ...] = (
    lambda p, r: (
        f"Budget is around ₹{r.randint(2, 20)} lakh per year, we want to go live by "
        f"{r.choice(('March', 'June', 'next quarter', 'Diwali'))}."
    ),
    lambda p, r: f"You can call me on {p.phone} or mail {p.email}.",
    lambda p, r: f"For the invoice: PAN {p.pan}, GSTIN {p.gstin}. Billing address {p.address}.",
    lambda p, r: f"I can pay the advance by UPI to {p.upi}, is that ok?",
    lambda p, r: (
        f"Please also loop in my partner {p.partner}, {p.partner_phone}, "
        f"{p.partner_email}. They sign the contract."
    ),
    lambda p, r: f"Does it integrate with Tally and Zoho? We have {r.randint(2, 9)} branches.",
    lambda p, r: "I am the decision maker, but my CFO needs a demo first.",
    lambda p, r: f"What about data residency? Our customers are in {p.city} and Dubai.",
    lambda p, r: f"ok. {p.name.split()[0]} again - my new number is {p.phone}, old one is off",
    lambda p, r: f"Can you send the proposal to {p.email}? Cc {p.partner_email} please.",
    lambda p, r: (
        f"We are {r.randint(20, 500)} employees, {r.randint(5, 60)} in sales. "
        "Any discount for annual billing?"
    ),
    lambda p, r: "thanks, that helps. will discuss with team and revert",
)


def conversation(turns: int, seed: int) -> tuple[Persona, list[str]]:
    """A prospect and ``turns`` messages of theirs; the same arguments give the same result.

    Templates are dealt from a shuffled deck, reshuffled when it runs out, so a long
    conversation repeats a template only after using them all (with new numbers where it has
    any), as a prospect rarely sends the same message twice.
    """
    rng = random.Random(seed)
    india, abroad = Faker("en_IN"), Faker(rng.choice(("en_GB", "en_US", "de_DE")))
    india.seed_instance(seed)
    abroad.seed_instance(seed + 1)
    persona = _persona(rng, india, abroad)
    messages = [rng.choice(_OPENINGS)(persona, rng)]
    deck: list[Template] = []
    while len(messages) < turns:
        if not deck:
            deck = rng.sample(_TURNS, len(_TURNS))
        messages.append(deck.pop()(persona, rng))
    return persona, messages
