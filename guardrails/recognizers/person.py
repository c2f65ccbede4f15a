"""Person names: spaCy NER, a gazetteer for lower-case and first-name-only names, and cues.

Three sources, because each misses what the others catch:
- spaCy's NER finds "Ananya Iyer" in well-formed text but not "rahul here" or "mera naam priya";
- the gazetteer knows ~37,000 given names of many scripts, lower-case included, but ignores
  names that are also ordinary words ("grace", "will") unless something else says they are names;
- cues ("my name is", "mera naam", "regards,", "Hi", "this side", "Best,\n") mark the next words
  as a name even when neither NER nor the gazetteer knows it; in lower-case chat, a word spaCy's
  vocabulary does not know is taken after a cue ("i'm zashil").
Two checks keep business facts out: company words ("Ltd", "Fintech") mark organisations, and a
city gazetteer with place words around a name ("in", "se", "bridge") marks places. spaCy's
ORG and place tags are trusted except on given names, which it often mislabels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from guardrails.entities import EntityType
from guardrails.gazetteer import (
    Place,
    company_words,
    family_names,
    given_names,
    known_in,
    names_that_are_words,
    place_names,
    place_spans,
)
from guardrails.recognizers._not_a_person import (
    PLACE_NOUN_AFTER,
    is_known_place,
    names_a_company,
    only_given_names,
    person_shaped,
)
from guardrails.recognizers._result import found
from guardrails.recognizers._text import NAME_WORD

_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "shri", "sri", "smt", "prof", "mx"])
# Words around names in chats that are never names themselves.
_NOT_NAMES = frozenset(
    # Hinglish function words
    "hai hain hoon hu mera meri mere naam aur se ka ki ke ko main mai ji bhai haan nahi"
    " kya mujhe hum humein aap aapka chahiye kitna lagega batao bata dena bhej raha rahe rahi"
    " liye dekh karna jaldi abhi kal bol im"
    # the same in Devanagari
    " है हैं हूँ हूं मेरा मेरी मेरे नाम और से का की के को मैं जी"
    # greetings, sign-offs and chat words
    " hi hello hey dear regards thanks thank cheers sincerely best warm kind here team all"
    " everyone there sir madam folks guys sales support ok okay yes no please pls"
    # particles inside names and place names, never a name alone ("Rio de Moinhos")
    " de da do dos das del della di du van von der den la le"
    # calendar words that NER sometimes tags as people
    " january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday today tomorrow"
    " diwali holi eid christmas pongal onam navratri dussehra ramadan easter quarter"
    # business words
    " ceo cto cfo coo vp head manager director founder lead engineer admin pvt ltd llp inc"
    " controller officer executive president analyst consultant administrator specialist"
    " coordinator owner chairman chief marketing finance procurement operations purchase"
    " limited private solutions technologies services corp company"
    " crm erp saas api demo pricing plan plans license licenses licences seats users".split()
)
_STRONG_CUE = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name's|name\s*(?:is|:|-)|mera\s+naam|naam|myself|i\s+am\s+called"
    r"|(?:मेरा\s+)?नाम"
    r"|(?:warm\s+|kind\s+|best\s+)?regards|thanks|thank\s+you|cheers|sincerely|yours\s+truly)"
    r"[\s,:\-]*$"
    r"|(?:^|\n)--[ \t]*\n\s*$"  # an e-mail signature block starts with "-- "
    # a sign-off on a line of its own: "Best,\nAarini"
    r"|(?:^|\n)[ \t]*(?:best(?:\s+wishes)?|warmly|rgds|br|thx|ty)[ \t]*[,!.]?[ \t]*\n\s*$"
    r"|\[\d{1,2}/\d{1,2}/\d{2,4},?[^\]\n]{0,20}\]\s*$",  # a WhatsApp export: "[28/12/24, 5:40 pm] "
    re.IGNORECASE,
)
_WEAK_CUE = re.compile(
    r"\b(?:this\s+is|i\s+am|i'm|im|it's|hi|hii|hello|hey|dear|ask\s+for|speak\s+to|talk\s+to"
    r"|good\s+(?:morning|afternoon|evening)|namaste|namaskar|main|colleague|loop\s+in|contact"
    r"|(?:call|meeting|spoke|speak|chat|connect)\s+(?:with|to)|cc|mr|mrs|ms|dr|shri|smt|मैं)"
    r"[\s,:.\-]*$",
    re.IGNORECASE,
)
# "Indrajit this side", "Lohit Peri here": the cue may follow the family name.
_SELF_INTRODUCTION_AFTER = re.compile(
    r"(?:[ \t]+(?P<family>[^\W\d_][\w'’\-]*))?\s+(?:here|this\s+side)\b", re.IGNORECASE
)
# "Upasna from Peakmart": a word opening a clause and followed by "from" introduces someone.
_FROM_AFTER = re.compile(r"\s+from\s", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[\n.,!?:;(])\s*$")
_CUE_LOOKBACK = 30
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|from|near)\s+$", re.IGNORECASE)
# Before an NER name span, also "for" ("IT for Cedarforge"): the span is checked against the
# gazetteer, which a lone word is not.
_SPAN_PREPOSITION = re.compile(r"\b(?:in|at|from|near|for)\s+$", re.IGNORECASE)
_MAX_NAME_TOKENS = 3
_PARTICIPLE_ENDINGS = ("ing", "ed")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    def known_in(self, words: frozenset[str]) -> bool:
        return known_in(words, self.text)

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


class PersonRecognizer(EntityRecognizer):
    """Names from NER, the gazetteer and cue phrases, merged by the engine."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.PERSON.value])

    def load(self) -> None:
        """Read the gazetteer once, at start-up rather than on the first message."""
        given_names()
        names_that_are_words()
        family_names()
        place_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every name span found by any of the three sources, companies and places left out."""
        tokens = [_Token(m.group(0), m.start(), m.end()) for m in NAME_WORD.finditer(text)]
        # Known cities and countries, any case: "expanding to surat", "Paulo Afonso".
        known_places = place_spans(text)
        vocabulary = nlp_artifacts.tokens.vocab if nlp_artifacts and nlp_artifacts.tokens else None
        # spaCy tags foreign names as places and organisations ("Keijo is from...", "Justin
        # is...", "Alex, Aaron and John", "Rolando Lettiere"): such spans are not trusted.
        places = [
            (start, end)
            for start, end in _entity_spans(nlp_artifacts, {"LOCATION"})
            if not only_given_names(text[start:end])
            or any(p.start <= start and end <= p.end for p in known_places)
        ]
        organisations = [
            (start, end)
            for start, end in _entity_spans(nlp_artifacts, {"ORGANIZATION"})
            if not only_given_names(text[start:end])
            and not person_shaped(text[start:end], vocabulary)
        ]
        spans = self._from_ner(text, nlp_artifacts, known_places)
        for index, token in enumerate(tokens):
            cue = _cue_before(text, token.start) or _cue_after(text, token)
            english = None if vocabulary is None else vocabulary.has_vector(token.lower)
            if not _could_be_name(token, cue, english) or _before_company_word(tokens, index):
                continue
            # A cue vouches for a known given name, or a word no English dictionary has, even
            # where NER says ORG; an English word after a weak cue ("This is Acme") yields.
            vouched = cue == "strong" or (
                cue == "weak" and (token.known_in(given_names()) or english is False)
            )
            if not vouched and (
                _looks_like_a_place(token, text, places + organisations)
                or (cue is None and is_known_place(text, token.start, token.end, known_places))
            ):
                continue
            last = _extend_with_family_name(tokens, index, text, cued=cue is not None)
            score = 0.85 if cue == "strong" else 0.7 if token.capitalised or cue else 0.55
            spans.append((token.start, tokens[last].end, score))
        return [found(self, s, e, score) for s, e, score in spans]

    @staticmethod
    def _from_ner(
        text: str, nlp_artifacts: NlpArtifacts | None, known_places: list[Place]
    ) -> list[tuple[int, int, float]]:
        """spaCy PERSON spans, trimmed of the chat words and, without a cue before them, the
        known places at their end that NER likes to swallow ("vadodara se"); company spans are
        dropped."""
        spans = []
        for start, end in _entity_spans(nlp_artifacts, {"PERSON"}):
            if (
                names_a_company(text, start, end)
                or _after_place_preposition(text, start)
                or PLACE_NOUN_AFTER.match(text, end)
                or (text[start:end].isupper() and " " not in text[start:end].strip())
            ):
                continue  # a lone word in capitals is an acronym or a town: "HÅRSFJÄRDEN"
            if digit := re.search(r"\S*\d", text[start:end]):  # "London NW1 6XE": no name
                end = start + digit.start()
            words = [
                m
                for m in NAME_WORD.finditer(text, start, end)
                if m.group(0).lower() not in _NOT_NAMES
            ]
            if not _cue_before(text, start):  # "fintech vadodara se": the place ends the span
                while words and is_known_place(text, *words[-1].span(), known_places):
                    words.pop()
            if words:
                words = [w for w in words if "\n" not in text[words[0].start() : w.end()]]
            if not words or all(w.group(0).lower() in STOP_WORDS for w in words):
                continue
            if len(words) == 1 and _opens_sentence_as_a_word(text, words[0]):
                continue  # "Bill it to...": a lone word-name there needs a cue, handled above
            spans.append((words[0].start(), words[-1].end(), 0.85))
        return spans


def _cue_before(text: str, start: int) -> str | None:
    """'strong' or 'weak' when a cue phrase ends right before ``start``."""
    before = text[max(0, start - _CUE_LOOKBACK) : start]
    if _STRONG_CUE.search(before):
        return "strong"
    if _WEAK_CUE.search(before):
        return "weak"
    return None


def _cue_after(text: str, token: _Token) -> str | None:
    """'weak' when the name is followed by "here" or "this side" ("Indrajit this side"), or
    opens a clause and is followed by "from" ("we spoke, Gauri from Bluepoint"). A word after
    "from" or "at" is the company in "Dev from Crestforge here", not a name."""
    if _PLACE_PREPOSITION.search(text, max(0, token.start - 8), token.start):
        return None
    if introduction := _SELF_INTRODUCTION_AFTER.match(text, token.end):
        family = introduction.group("family")
        if family is None or _could_be_family_name(family):
            return "weak"
    opens_clause = _CLAUSE_START.search(text, max(0, token.start - 3), token.start)
    return "weak" if opens_clause and _FROM_AFTER.match(text, token.end) else None


def _opens_sentence_as_a_word(text: str, word: re.Match[str]) -> bool:
    """A name that is also a word ("Bill", "Will") and starts a sentence, or is in lower case,
    is read as the word; "shouted at John" keeps its name."""
    if not known_in(names_that_are_words(), word.group(0)):
        return False
    sentence_start = re.search(
        r"(?:^|[.!?\n:\"])\s*$", text[max(0, word.start() - 3) : word.start()]
    )
    return word.group(0)[0].islower() or sentence_start is not None


def _is_contraction(word: str) -> bool:
    """ "I'm", "it's", "we're": a stop word with a clitic is no name ("Priya's" can be)."""
    head, _, tail = word.replace("’", "'").partition("'")
    return bool(tail) and head in STOP_WORDS


def _could_be_family_name(word: str) -> bool:
    lower = word.lower()
    return not (lower in _NOT_NAMES or lower in STOP_WORDS or known_in(company_words(), word))


def _could_be_name(token: _Token, cue: str | None, english: bool | None) -> bool:
    """``english`` says whether spaCy's vocabulary knows the word (None: no vocabulary)."""
    word = token.lower
    if word in _NOT_NAMES or word in _HONORIFICS or len(word) < 2 or _is_contraction(word):
        return False
    if cue == "strong":
        return word not in STOP_WORDS
    if word in STOP_WORDS or token.known_in(company_words()) or token.text.isupper():
        return False  # capitals without a strong cue are an acronym: "IBAN", "SAP", "HR"
    if word in names_that_are_words():  # as written: "Víctor" is a name, "victor" a word
        return cue == "weak" and token.capitalised  # "Hi Tom", "Faith this side"
    if token.known_in(given_names()):
        return True
    if cue != "weak":
        return False
    # An unknown word after a weak cue is a name when capitalised ("This is Zorawar") or, in
    # lower case, when spaCy's vocabulary does not know it as a word ("i'm zashil").
    return token.capitalised or english is False


def _extend_with_family_name(tokens: list[_Token], index: int, text: str, cued: bool) -> int:
    """Index of the last token of the name starting at ``index`` ("priya sharma"). A family
    name is known, or capitalised like the given name, or - after a cue, in lower-case chat -
    the last word before the sentence goes on ("my name is inaya thakkar and i ...")."""
    last = index
    while last + 1 < len(tokens) and last - index + 1 < _MAX_NAME_TOKENS:
        following = tokens[last + 1]
        gap = text[tokens[last].end : following.start]
        if gap != " " and not (gap == ". " and len(tokens[last].text) == 1):  # "Bettine H. Roelink"
            break
        if not _could_be_family_name(following.text):
            break
        known_family = following.known_in(family_names())
        plausible = following.capitalised and tokens[index].capitalised
        lower_case = (
            not following.capitalised
            and not tokens[index].capitalised
            and not following.lower.endswith(_PARTICIPLE_ENDINGS)  # "i'm priya looking for"
        )
        if not (
            known_family
            or plausible
            or (cued and lower_case and _ends_name(tokens, last + 2, text))
        ):
            break
        last += 1
    return last


def _ends_name(tokens: list[_Token], index: int, text: str) -> bool:
    """Whether the name can end before ``tokens[index]``: at the end, at punctuation, or before
    a word that is no name ("and", "hai", "from")."""
    if index >= len(tokens) or text[tokens[index - 1].end : tokens[index].start] != " ":
        return True
    return not _could_be_family_name(tokens[index].text)


def _before_company_word(tokens: list[_Token], index: int) -> bool:
    """Whether the word after ``tokens[index]`` closes a company name ("Arcleaf Logistics")."""
    return index + 1 < len(tokens) and tokens[index + 1].known_in(company_words())


def _after_place_preposition(text: str, start: int) -> bool:
    """A name right after "in", "at", "from" or "for" is a place or a company ("lives in
    Groningen", "Head of IT at Quantumworks") unless it opens with a known given name or the
    preposition belongs to a cue ("loop in Chanakya Bobal")."""
    if not _SPAN_PREPOSITION.search(text, max(0, start - 8), start) or _cue_before(text, start):
        return False
    first = NAME_WORD.match(text, start)
    return first is None or not known_in(given_names(), first.group(0))


def _looks_like_a_place(token: _Token, text: str, spans: list[tuple[int, int]]) -> bool:
    """NER's ORG/GPE tag is trusted on capitalised words only (it tags "ananya" as an ORG);
    a word right after "in", "at" or "from" is taken as a place or company ("in Surat")."""
    if _PLACE_PREPOSITION.search(text, max(0, token.start - 8), token.start):
        return True
    return token.capitalised and _inside(token, spans)


def _entity_spans(nlp_artifacts: NlpArtifacts | None, labels: set[str]) -> list[tuple[int, int]]:
    if nlp_artifacts is None:
        return []
    return [(e.start_char, e.end_char) for e in nlp_artifacts.entities if e.label_ in labels]


def _inside(token: _Token, spans: list[tuple[int, int]]) -> bool:
    return any(start <= token.start and token.end <= end for start, end in spans)
