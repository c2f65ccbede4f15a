"""Postal addresses: the street and house number, flat or suite, locality, and the postal code.

City, state and country names stay: they are business context (where the lead is) and, alone,
identify nobody. The street part, unit numbers, PO boxes and postal codes go.

Street formats differ by language, so several shapes are recognised, each anchored on something
an ordinary sentence rarely has:
- a number, a few words, then a street word: "221 Baker St", "12B, Palm Grove Apartments";
- a street-type word first, then a name and a house number: "Via Roma 127", "Rue de la Paix 5",
  "Avda. Rio Nalon 57", "ul. Zakrzowska 92";
- a compound street name with its number: "Hadikgasse 49", "Frauentaler Strasse 85",
  "Kankaanpääntie 40", "Rákóczi út 66";
- a postcode or building number, a capitalised name in any script, then a house number:
  "84251 Ilichova 50", "727 Ποσειδώνος 54";
- a capitalised name and number right after an address cue: "lives at Democracia 7069";
- US military and PO box addresses: "PSC 2322, Box 6025", "APO AA 88307", "P.O. Box 226";
- flat, apartment and suite numbers: "Apt. 278", "Suite 235".
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.entities import EntityType
from guardrails.gazetteer import country_names, fold, place_spans
from guardrails.recognizers._result import found

# English and Indian street words that come AFTER the street's name.
_STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|ln|marg|nagar|colony|sector|block|layout"
    r"|\d{1,2}(?:st|nd|rd|th)[ \t]+(?:main|cross)"  # Bengaluru's "4th Main", "2nd Cross"
    r"|apartments?|apts?|society|soc|floor|towers?|building|bldg|complex|enclave|vihar|puram"
    r"|bagh|chowk|gali|drive|boulevard|blvd|way|court|ct|place|pl|close|crescent|terrace"
    r"|square|sq|park|highway|hwy|plaza|residency|heights|phase|extension|extn|path|peth"
    r"|wadi|halli|palya|gardens?|estate|mohalla|row|parkway|pkwy|circle|cir|trail|alley"
    r"|suite|ste|villa|villas|house|bhavan|bhawan|niwas|sadan|kunj|market|bazaar|galli"
    r"|greens?|crossing|meadows?|mews|grove|hills?|ridge"
)
# Street-type words that come BEFORE the name (Romance, Slavic, Greek usage).
_TYPE_FIRST = (
    r"(?-i:Via|VIA)|viale|vicolo|piazza|piazzale|corso|largo|strada|contrada|rue|avenue|av|avda|avenida"
    r"|boulevard|bd|chemin|allée|impasse|quai|cours|calle|c/|carrer|paseo|pasaje|plaza|camino"
    r"|carretera|rambla|ronda|glorieta|rua|r|travessa|estrada|alameda|praça|praca|bairro"
    r"|escada|beco|ul|ulica|aleja|al|plac|ulitsa|prospekt|bulevar|odos|οδός|λ|λεωφόρος"
)
# Street words written after the name, or as the end of one compound word ("Hadikgasse").
_NAME_FIRST = (
    r"strasse|straße|str|gasse|weg|platz|allee|damm|ufer|steig|pfad|chaussee|veien|vegen|vei"
    r"|gata|gaten|gatan|vägen|väg|vej|gade|straat|laan|plein|gracht|kade|singel|katu|kuja"
    r"|polku|braut|vegur|stígur|utca|út|tér|körút|ulice|iela|gatvė|tänav|stræde|gränd|torget"
    r"|(?-i:gate|veg)"  # Norwegian "Olav Duuns gate 134", in lower case only: not "Gate 5"
)
# The same words as the end of a compound ("Hadikgasse"); only endings no English word has.
_COMPOUND_ENDINGS = (
    r"strasse|straße|str|gasse|weg|platz|allee|damm|ufer|steig|pfad|chaussee|veien|vegen|vei"
    r"|gata|gaten|gatan|vägen|väg|vej|straat|laan|plein|gracht|singel|katu|kuja|polku|braut"
    r"|vegur|stígur|utca|ulice|tänav|stræde|gränd|torget|tie|gate|gaten"
)
_HOUSE = r"\d{1,5}[A-Za-z]?(?:[/\-]\d{1,5}[A-Za-z]?)?(?![\w/])\.?"
# A word of a street or place name in any script; particles ("de la", "van der") are allowed.
_NAME_WORD = r"[^\W\d_][\w'’\-]*\.?"
_CAPITALISED = r"(?-i:[A-ZÀ-ÖØ-Þ])[\w'’\-]*\.?"
_PARTICLES = frozenset(
    "de la le les du des del della delle degli di da do dos das van der den von zu am an im"
    " y e i und et the of".split()
)
_NUMBER = r"(?:[A-Za-z]{0,2}-?\d{1,5}[A-Za-z]?(?:[/\-]\d{1,5}[A-Za-z]?)*)"
_UNIT = r"(?:flat|house|h\.?\s?no|plot|door|apt|apartment|unit|suite|room|shop|office|no|#)"
# A number, then a few words, then a street word: "12B, Palm Grove Apartments", "221 Baker St".
_STREET = re.compile(
    rf"(?:\b{_UNIT}\.?\s*[:#]?\s*{_NUMBER}|(?<![\w₹$€£.,]){_NUMBER})"
    rf"(?:[, \t]+(?:[A-Za-z0-9'.\-]+)){{0,6}}?[, \t]+(?:{_STREET_WORDS})\b\.?"
    rf"(?:[ \t]+(?:{_NAME_WORD}[ \t]+){{0,2}}(?:{_STREET_WORDS})\b\.?)*"
    rf"(?:[ \t]+\d{{1,4}}[A-Za-z]?\b)?",  # "Sector 62", "4th Block 2"
    re.IGNORECASE,
)
# "Via Roma 127", or with the number first and no number after: "98 Rue du Niger,".
_TYPE_FIRST_STREET = re.compile(
    rf"(?:(?<![\w.,]){_HOUSE}[ \t]+)?\b(?:{_TYPE_FIRST})(?:\.|\b|(?<=/))[ \t]*"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}}?),?[ \t]+{_HOUSE}"
    rf"|(?<![\w.,]){_HOUSE}[ \t]+(?:{_TYPE_FIRST})(?:\.|\b|(?<=/))[ \t]*"
    rf"(?P<after>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}})(?=[ \t]*(?:[,\n]|$))",
    re.IGNORECASE,
)
_NAME_FIRST_STREET = re.compile(
    rf"(?:(?<![\w.,])\d{{2,5}}[ \t]+)?"
    rf"(?P<name>\b[^\W\d_][\w'’\-]{{2,}}(?:{_COMPOUND_ENDINGS})\.?"
    rf"|\b{_CAPITALISED}(?:[ \t]+{_CAPITALISED})?[ \t]+(?:{_NAME_FIRST})\b\.?)"
    rf"[ \t]+{_HOUSE}",
    re.IGNORECASE,
)
# "84251 Ilichova 50": a leading number, one to three capitalised words, a house number.
_NUMBERED_NAME = re.compile(
    rf"(?<![\w.,:/\-])\d{{1,5}}[ \t]+(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
    rf"[ \t]+\d{{1,5}}[A-Za-z]?(?![\w.,:/\-]?\d)"
)
_CUE = re.compile(
    r"\b(?:address(?:\s+is)?|lives?\s+(?:at|on)|living\s+at|located\s+at|moved\s+to"
    r"|(?:sent|send|ship|shipped|deliver|delivered|courier)(?:\s+it)?\s+to|corner\s+of"
    r"|stop\s+at|resides?\s+at|stay(?:s|ing)?\s+at|street\s+is|is\s+on)[\s:,\-]*",
    re.IGNORECASE,
)
# After a cue, a capitalised name and a number ("Democracia 7069") or a name and a street word;
# after any street, "and" another ("the corner of Dunajska 109 and Erna Route").
_NAMED_STREET = (
    rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}[ \t]+(?:{_HOUSE}|(?:{_STREET_WORDS})\b\.?)"
)
_CUED_STREET = re.compile(rf"(?P<street>{_NAMED_STREET})", re.IGNORECASE)
_AND_STREET = re.compile(rf"[ \t]+and[ \t]+(?P<street>{_NAMED_STREET})", re.IGNORECASE)
_MILITARY = re.compile(
    r"\b(?:(?:PSC|CMR|Unit)\s+\d{3,5},?\s+Box\s+\d{3,5}|(?:USNS|USNV|USS|USCGC)\s+[^\W\d_][\w'\-]*)"
    r"(?:\s*\n?\s*[AFD]PO\s+A[AEP]\s+\d{5})?|\b[AFD]PO\s+A[AEP]\s+\d{5}\b"
)
_PO_BOX = re.compile(
    r"\b(?:\d{1,6}\s+)?(?:P\.?\s?O\.?\s?Box|Post\s?box|Postfach|Apartado|Caixa\s+Postal)"
    r"\s*(?:No\.?\s*)?\d{1,6}\b",
    re.IGNORECASE,
)
# "Apt. 278", "Plot No. 110"; "house 12", "shop 4" and "#62" only before a comma, as in an
# address; never a discount ("flat 20% off").
# A floor starts an office address: "5th floor, Prestige Tower, MG Road".
_FLOOR = re.compile(r"\b\d{1,3}(?:st|nd|rd|th)[ \t]+floor\b", re.IGNORECASE)
_UNIT_NUMBER = re.compile(
    r"\b(?:apt|apartment|suite|ste|unit|flat|plot)\.?\s*(?:no\.?\s*)?[:#]?\s*\d{1,5}[A-Za-z]?\b"
    r"(?!\s?%|\s+off\b)"
    r"|(?:\b(?:house|door|shop)\s*(?:no\.?)?|#)\s*\d{1,5}[A-Za-z]?\b(?=\s*,)",
    re.IGNORECASE,
)
# Words that make "15 March 2025" or "2 Lakh 50" look like a street; never street names here.
_NOT_STREET_NAMES = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday"
    " saturday sunday lakh lakhs crore crores k am pm seats users licences licenses people"
    " agents q1 q2 q3 q4 fy x".split()
)
# Further comma- or newline-separated parts of the same address: "Koramangala", "4th Block".
_LOCALITY_PART = re.compile(r"\s*[,\n]\s*((?:[A-Z0-9][\w'\-]*)(?:[ \t]+[A-Z0-9][\w'\-]*){0,3})")
_POSTAL_CODE = re.compile(
    r"\b([1-9]\d{2}\s?\d{3}|[A-Z]{2}\s\d{5}(?:-\d{4})?|\d{4,5}(?:-\d{3,4})?"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4}\s?[A-Z]{2})\b"
)
# European order, postal code before the city: "Mainzer Landstrasse 50, 60325 Frankfurt".
_LEADING_POSTAL_CODE = re.compile(r"(\d{4,5}(?:-\d{3})?)[ \t]+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
# How far after the street part a postal code still belongs to the same address.
_POSTAL_CODE_REACH = 60
_PIN_WITH_CUE = re.compile(
    r"\b(?:pin\s?code|pin|postal\s?code|post\s?code|zip(?:\s?code)?)\s*(?:is|:|-)?\s*"
    r"([1-9]\d{2}\s?\d{3}|\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b",
    re.IGNORECASE,
)


class AddressRecognizer(EntityRecognizer):
    """Street addresses in the formats above, plus postal codes named as such."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.ADDRESS.value])

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Addresses in ``text``; place names spaCy tags as locations end the street part."""
        places = _place_spans(nlp_artifacts) + [(p.start, p.end) for p in place_spans(text)]
        streets = [m.span() for m in _STREET.finditer(text)]
        streets += [
            m.span() for m in _TYPE_FIRST_STREET.finditer(text) if _named(m, "name", "after")
        ]
        streets += [m.span() for m in _NAME_FIRST_STREET.finditer(text) if m["name"][0].isupper()]
        streets += [m.span() for m in _NUMBERED_NAME.finditer(text) if _named(m, "name")]
        streets += [m.span() for m in _UNIT_NUMBER.finditer(text)]
        streets += [m.span() for m in _FLOOR.finditer(text)]
        for cue in _CUE.finditer(text):
            if (street := _CUED_STREET.match(text, cue.end())) and _named(street, "street"):
                streets.append(street.span())
        ends = [(start, self._street_end(text, end, places)) for start, end in streets]
        results = []
        for start, end in _outermost(ends):
            results.append(found(self, start, end, 0.75))
            if code := _postal_code_after(text, end):
                results.append(found(self, code[0], code[1], 0.75))
        for pattern in (_MILITARY, _PO_BOX):
            results.extend(found(self, m.start(), m.end(), 0.75) for m in pattern.finditer(text))
        results.extend(found(self, m.start(1), m.end(1), 0.8) for m in _PIN_WITH_CUE.finditer(text))
        return results

    @staticmethod
    def _street_end(text: str, end: int, places: list[tuple[int, int]]) -> int:
        """Where the address that starts with a street ending at ``end`` ends: after a second
        street ("X and Y") and the locality parts, before the city."""
        if (other := _AND_STREET.match(text, end)) and _named(other, "street"):
            end = other.end()
        while part := _LOCALITY_PART.match(text, end):
            code = _LEADING_POSTAL_CODE.match(part.group(1))
            if code and _is_place_at(part.start(1) + code.end(), places):
                return part.start(1) + code.end(1)  # "60325 Frankfurt am Main": the city stays
            if _is_city(text, part, places):
                break
            end = part.end()
        return end


def _postal_code_after(text: str, end: int) -> tuple[int, int] | None:
    """The postal code shortly after an address, within the same sentence."""
    reach = min(len(text), end + _POSTAL_CODE_REACH)
    if sentence_end := _SENTENCE_END.search(text, end, reach):
        reach = sentence_end.start()
    code = _POSTAL_CODE.search(text, end, reach)
    return code.span(1) if code else None


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another: one address found by two shapes is extended once."""
    return [
        (start, end)
        for start, end in sorted(set(spans))
        if not any(o_start <= start and end <= o_end and (o_start, o_end) != (start, end)
                   for o_start, o_end in spans)
    ]  # fmt: skip


def _named(match: re.Match[str], *groups: str) -> bool:
    """Whether the name part reads as a proper name: capitalised words, particles aside, and
    none of the calendar or business words that make dates and amounts look like streets."""
    words = " ".join(match.group(g) or "" for g in groups).split()
    names = [w for w in words if not w[0].isdigit() and w.lower().rstrip(".") not in _PARTICLES]
    return bool(names) and all(
        w[0].isupper() and w.lower().rstrip(".") not in _NOT_STREET_NAMES for w in names
    )


def _is_city(text: str, part: re.Match[str], places: list[tuple[int, int]]) -> bool:
    """A locality part that is a place (spaCy's tag or a known city) and ends the address,
    comes right before the postal code, or is a known city right before the country
    ("Capão Bonito\nBrazil") is the city: it stays. Earlier place-like parts are
    neighbourhoods and go ("Adyar, Chennai")."""
    if not _is_place_at(part.start(1), places):
        return False
    following = _LOCALITY_PART.match(text, part.end())
    if following is None or re.match(r"\s*[\-–,]?\s*\d{3}", text[part.end() : part.end() + 12]):
        return True
    country = following.group(1).split("(")[0].strip()
    return fold(country) in country_names() and any(
        p.start == 0 for p in place_spans(part.group(1))
    )


def _is_place_at(index: int, places: list[tuple[int, int]]) -> bool:
    return any(p_start <= index < p_end for p_start, p_end in places)


def _place_spans(nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int]]:
    if nlp_artifacts is None:
        return []
    return [
        (ent.start_char, ent.end_char) for ent in nlp_artifacts.entities if ent.label_ == "LOCATION"
    ]
