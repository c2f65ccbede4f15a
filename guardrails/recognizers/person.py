"""Person names: spaCy NER, a gazetteer for lower-case and first-name-only names, and cues.

Three sources, because each misses what the others catch:
- spaCy's NER finds "Ananya Iyer" in well-formed text but not "rahul here" or "mera naam priya";
- the gazetteer knows ~33,000 given names, lower-case included, but ignores names that are also
  ordinary words ("grace", "will") unless something else says they are names;
- cues ("my name is", "mera naam", "regards,", "this is") mark the next words as a name even when
  neither NER nor the gazetteer knows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from guardrails.entities import EntityType
from guardrails.gazetteer import family_names, given_names, names_that_are_words
from guardrails.recognizers._result import found

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "shri", "sri", "smt", "prof", "mx"])
# Words around names in chats that are never names themselves.
_NOT_NAMES = frozenset(
    # Hinglish function words
    "hai hain hoon hu mera meri mere naam aur se ka ki ke ko main mai ji bhai haan nahi"
    " kya mujhe hum humein aap aapka chahiye"
    # greetings, sign-offs and chat words
    " hi hello hey dear regards thanks thank cheers sincerely best warm kind here team all"
    " everyone there sir madam folks guys sales support ok okay yes no please pls"
    # calendar words that NER sometimes tags as people
    " january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday today tomorrow"
    " diwali holi eid christmas pongal onam navratri dussehra ramadan easter quarter"
    # business words
    " ceo cto cfo coo vp head manager director founder lead engineer admin pvt ltd llp inc"
    " limited private solutions technologies services corp company"
    " crm erp saas api demo pricing plan plans license licenses licences seats users".split()
)
_STRONG_CUE = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name's|name\s*(?:is|:|-)|mera\s+naam|naam|myself|i\s+am\s+called"
    r"|(?:warm\s+|kind\s+|best\s+)?regards|thanks|thank\s+you|cheers|sincerely|yours\s+truly)"
    r"[\s,:\-]*$"
    r"|(?:^|\n)--[ \t]*\n\s*$"  # an e-mail signature block starts with "-- "
    r"|\[\d{1,2}/\d{1,2}/\d{2,4},?[^\]\n]{0,20}\]\s*$",  # a WhatsApp export: "[28/12/24, 5:40 pm] "
    re.IGNORECASE,
)
_WEAK_CUE = re.compile(
    r"\b(?:this\s+is|i\s+am|i'm|im|it's|hi|hello|hey|dear|ask\s+for|speak\s+to|talk\s+to"
    r"|cc|mr|mrs|ms|dr|shri|smt)[\s,:.\-]*$",
    re.IGNORECASE,
)
_SELF_INTRODUCTION_AFTER = re.compile(r"\s+(?:here|this\s+side)\b", re.IGNORECASE)
_CUE_LOOKBACK = 30
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|from|near|of)\s+$", re.IGNORECASE)
_MAX_NAME_TOKENS = 3


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

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

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every name span found by any of the three sources."""
        tokens = [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        organisations = _entity_spans(nlp_artifacts, {"ORGANIZATION", "LOCATION"})
        spans = self._from_ner(text, nlp_artifacts)
        for index, token in enumerate(tokens):
            cue = _cue_before(text, token.start) or _cue_after(text, token.end)
            if not _could_be_name(token, cue):
                continue
            # A cue vouches for a known given name even where NER says ORG; an unknown word
            # after a weak cue ("This is Acme Corp") still yields to NER.
            vouched = cue == "strong" or (cue == "weak" and token.lower in given_names())
            if not vouched and _looks_like_a_place(token, text, organisations):
                continue
            last = _extend_with_family_name(tokens, index, text)
            score = 0.85 if cue == "strong" else 0.7 if token.capitalised or cue else 0.55
            spans.append((token.start, tokens[last].end, score))
        return [found(self, s, e, score) for s, e, score in spans]

    @staticmethod
    def _from_ner(text: str, nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int, float]]:
        """spaCy PERSON spans, trimmed of the chat words NER likes to swallow."""
        spans = []
        for start, end in _entity_spans(nlp_artifacts, {"PERSON"}):
            words = [
                m for m in _TOKEN.finditer(text, start, end) if m.group(0).lower() not in _NOT_NAMES
            ]
            words = [w for w in words if "\n" not in text[words[0].start() : w.end()]]
            if not words or all(w.group(0).lower() in STOP_WORDS for w in words):
                continue
            if len(words) == 1 and words[0].group(0).lower() in names_that_are_words():
                continue  # "Bill it to..." : a lone word-name needs a cue, handled above
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


def _cue_after(text: str, end: int) -> str | None:
    """'weak' when the word is followed by "here" or "this side" ("Indrajit this side")."""
    return "weak" if _SELF_INTRODUCTION_AFTER.match(text, end) else None


def _could_be_name(token: _Token, cue: str | None) -> bool:
    word = token.lower
    if word in _NOT_NAMES or word in _HONORIFICS or len(word) < 2:
        return False
    if cue == "strong":
        return word not in STOP_WORDS
    if word in STOP_WORDS or word in names_that_are_words():
        return False
    if word in given_names():
        return True
    # An unknown capitalised word after a weak cue ("This is Zorawar") is taken as a name.
    return cue == "weak" and token.capitalised


def _extend_with_family_name(tokens: list[_Token], index: int, text: str) -> int:
    """Index of the last token of the name starting at ``index`` ("priya sharma")."""
    last = index
    while last + 1 < len(tokens) and last - index + 1 < _MAX_NAME_TOKENS:
        following = tokens[last + 1]
        if text[tokens[last].end : following.start] not in (" ", ". "):
            break
        word = following.lower
        known_family = word in family_names()
        plausible = following.capitalised and tokens[index].capitalised
        if word in _NOT_NAMES or word in STOP_WORDS or not (known_family or plausible):
            break
        last += 1
    return last


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
