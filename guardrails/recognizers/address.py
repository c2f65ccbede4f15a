"""Postal addresses: a house or flat number, a street, locality parts, and the postal code.

City, state and country names stay: they are business context (where the lead is) and, alone,
identify nobody. The street part and the postal code go.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.entities import EntityType
from guardrails.recognizers._result import found

_STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|ln|marg|nagar|colony|sector|block|layout|cross|main"
    r"|apartments?|apts?|society|soc|floor|tower|building|bldg|complex|enclave|vihar|puram"
    r"|bagh|chowk|gali|drive|boulevard|blvd|way|court|ct|place|pl|close|crescent|terrace"
    r"|square|sq|park|highway|hwy|plaza|residency|heights|phase|extension|extn|path|peth"
    r"|wadi|halli|palya|gardens?|estate|mohalla|row|parkway|pkwy|circle|cir|trail|alley"
    r"|suite|ste|villa|villas|house|bhavan|bhawan|niwas|sadan|kunj|market|bazaar|galli"
)
_NUMBER = r"(?:[A-Za-z]{0,2}-?\d{1,5}[A-Za-z]?(?:[/\-]\d{1,5}[A-Za-z]?)*)"
_UNIT = r"(?:flat|house|h\.?\s?no|plot|door|apt|apartment|unit|suite|room|shop|office|no|#)"
# A number, then a few words, then a street word: "12B, Palm Grove Apartments", "221 Baker St".
_STREET = re.compile(
    rf"(?:\b{_UNIT}\.?\s*[:#]?\s*{_NUMBER}|(?<![\w₹$€£.,]){_NUMBER})"
    rf"(?:[,\s]+(?:[A-Za-z0-9'.\-]+)){{0,6}}?[,\s]+(?:{_STREET_WORDS})\b\.?",
    re.IGNORECASE,
)
# Further comma- or newline-separated parts of the same address: "Koramangala", "4th Block".
_LOCALITY_PART = re.compile(r"\s*[,\n]\s*((?:[A-Z0-9][\w'\-]*)(?:[ \t]+[A-Z0-9][\w'\-]*){0,3})")
_POSTAL_CODE = re.compile(
    r"\b([1-9]\d{2}\s?\d{3}|[A-Z]{2}\s\d{5}(?:-\d{4})?|\d{5}(?:-\d{4})?"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b"
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
# How far after the street part a postal code still belongs to the same address.
_POSTAL_CODE_REACH = 60
_PIN_WITH_CUE = re.compile(
    r"\b(?:pin\s?code|pin|postal\s?code|post\s?code|zip(?:\s?code)?)\s*(?:is|:|-)?\s*"
    r"([1-9]\d{2}\s?\d{3}|\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b",
    re.IGNORECASE,
)


class AddressRecognizer(EntityRecognizer):
    """Street-anchored addresses, plus postal codes named as such."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.ADDRESS.value])

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Addresses in ``text``; place names spaCy tags as locations end the street part."""
        places = _place_spans(nlp_artifacts)
        results = []
        for match in _STREET.finditer(text):
            results.extend(self._extend(text, match.start(), match.end(), places))
        results.extend(found(self, m.start(1), m.end(1), 0.8) for m in _PIN_WITH_CUE.finditer(text))
        return results

    def _extend(
        self, text: str, start: int, end: int, places: list[tuple[int, int]]
    ) -> list[RecognizerResult]:
        """Grow the street match over locality parts up to a known place; add the postal code."""
        while part := _LOCALITY_PART.match(text, end):
            if any(p_start <= part.start(1) < p_end for p_start, p_end in places):
                break
            end = part.end()
        results = [found(self, start, end, 0.75)]
        reach = min(len(text), end + _POSTAL_CODE_REACH)
        if sentence_end := _SENTENCE_END.search(text, end, reach):
            reach = sentence_end.start()
        if code := _POSTAL_CODE.search(text, end, reach):
            results.append(found(self, code.start(1), code.end(1), 0.75))
        return results


def _place_spans(nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int]]:
    if nlp_artifacts is None:
        return []
    return [
        (ent.start_char, ent.end_char) for ent in nlp_artifacts.entities if ent.label_ == "LOCATION"
    ]
