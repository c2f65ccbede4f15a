"""Evidence that a name-like span is not one person: a company, a place, or a list of names.

spaCy's NER and the name gazetteer both over-reach: invented company names look like surnames,
towns share names with people (GeoNames has towns called Taylor and Mary), and spaCy tags lists
of foreign given names as organisations. The person recogniser asks these questions before it
trusts, or distrusts, a span.
"""

from __future__ import annotations

import re

from spacy.vocab import Vocab

from guardrails.gazetteer import Place, company_words, family_names, given_names, known_in
from guardrails.recognizers._text import NAME_WORD

_LIST_SEPARATOR = re.compile(r"\s*(?:,|\band\b)\s*")
_MAX_PERSON_WORDS = 4
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|from|near|to|across|out\s+of|into|around|outside|office|city|town|visit"
    r"|visiting)|\b\d{4,6})\s+$",  # "00184 Roma": a postal code before the city
    re.IGNORECASE,
)
# "surat se" (Hinglish "from Surat"), "Pune-based", "München bridge", "London NW1 6XE".
_PLACE_AFTER = re.compile(
    r"\s+se\b|[\s\-]*(?:based|office|branch|bridge|airport|station|city|district)\b"
    r"|[ \t,\-]+(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{3}\s?\d{3}|\d{5})\b",
    re.IGNORECASE,
)
# A name before one of these names a place: "Vale Covo bridge", "Heathrow Airport".
PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:bridge|airport|station|river|lake|harbou?r|port|county|province|district)\b",
    re.IGNORECASE,
)


def only_given_names(span: str) -> bool:
    """One given name, or a list of them ("Alex, Aaron and John"); "Morgan Stanley" is not."""
    items = [item for item in _LIST_SEPARATOR.split(span.strip()) if item]
    return bool(items) and all(NAME_WORD.fullmatch(i) and known_in(given_names(), i) for i in items)


def person_shaped(span: str, vocabulary: Vocab | None) -> bool:
    """A known given name, then capitalised words ending in a family name or a word no English
    dictionary has: "Rolando Lettiere", "Božena J Skoumalová"; not "Morgan Stanley"."""
    words = [m.group(0) for m in NAME_WORD.finditer(span)]
    if not 2 <= len(words) <= _MAX_PERSON_WORDS or not known_in(given_names(), words[0]):
        return False
    if not all(w[0].isupper() for w in words) or any(known_in(company_words(), w) for w in words):
        return False
    last = words[-1]
    return known_in(family_names(), last) or (
        vocabulary is not None and not vocabulary.has_vector(last.lower())
    )


def names_a_company(text: str, start: int, end: int) -> bool:
    """Whether a name span holds or is followed by a company word ("Suez SA", "Zenly Fintech")."""
    after = NAME_WORD.search(text, end, min(len(text), end + 20))
    words = [m.group(0) for m in NAME_WORD.finditer(text, start, end)]
    if after and not text[end : after.start()].strip(" "):
        words.append(after.group(0))
    return any(known_in(company_words(), word) for word in words)


def is_known_place(text: str, start: int, end: int, known_places: list[Place]) -> bool:
    """Whether ``text[start:end]`` lies in a known city or country and reads as one. GeoNames
    has towns called Taylor, Garcia and Mary, so a minor place, or one that is also a given
    name, needs words that speak of places around it ("expanding to surat", "vadodara se",
    "in san francisco"); a major city or one of several words that is no given name ("Nagpur",
    "Capão Bonito") is a place anywhere."""
    place = next((p for p in known_places if p.start <= start and end <= p.end), None)
    if place is None:
        return False
    several_words = " " in text[place.start : place.end]  # "Capão Bonito": rarely a person
    if (place.major or several_words) and not known_in(given_names(), text[start:end]):
        return True
    return bool(
        _PLACE_BEFORE.search(text, max(0, place.start - 12), place.start)
        or _PLACE_AFTER.match(text, place.end)
    )
