"""Word lists for name detection: given names, family names, and names that are also words.

spaCy's NER misses the lower-case, first-name-only names people type on WhatsApp ("rahul here");
a gazetteer catches them. Lists load once per process and stay in memory as frozensets of
lower-case words, accents kept: "Désiré" is a name, "desire" is not. Look words up with
``known_in``, which also tries the word without its accents ("Ágnes" is found as "agnes").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from pathlib import Path

import gender_guesser

_PLAIN_NAME = re.compile(r"[^\W\d_]+")
# nam_dict.txt is fixed-width: a gender code, then the name in columns 3-29.
_NAME_COLUMNS = slice(3, 29)


def known_in(words: frozenset[str], word: str) -> bool:
    """Whether ``word``, in lower case as written or without its accents, is in ``words``."""
    lower = word.lower()
    if lower in words:
        return True
    decomposed = unicodedata.normalize("NFKD", lower)
    return "".join(char for char in decomposed if not unicodedata.combining(char)) in words


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
