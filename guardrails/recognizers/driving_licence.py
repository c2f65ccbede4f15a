"""Driving licence numbers: India's fixed shape, and any country's after a licence cue.

India's licences read "MH12 20110012345": a state code, an RTO number, the year of issue and
seven digits. Other countries' formats vary by state or issuer ("yo0047868", "S530-4621-9301"),
so they are taken only right after words that name them ("driver's license number is ...").
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.entities import EntityType
from guardrails.recognizers._result import found

_INDIAN = re.compile(r"\b[A-Z]{2}[ \-]?\d{2}[ \-]?(?:19|20)\d{2}[ \-]?\d{7}\b")
_CUED = re.compile(
    r"\b(?:driv(?:er'?s?|ing)[ \t]+licen[cs]e|\bDL)[ \t]*(?:no\.?|num(?:ber)?|#)?[ \t]*"
    r"(?:is|:|-)?[ \t]*(?P<number>(?=[A-Za-z\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]{4,19})\b",
    re.IGNORECASE,
)


class DrivingLicenceRecognizer(EntityRecognizer):
    """Indian licence numbers by shape; others by the cue before them."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[EntityType.DRIVING_LICENCE.value])

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Licence numbers in ``text``."""
        results = [found(self, m.start(), m.end(), 0.7) for m in _INDIAN.finditer(text)]
        results.extend(
            found(self, m.start("number"), m.end("number"), 0.85) for m in _CUED.finditer(text)
        )
        return results
