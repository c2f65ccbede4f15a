"""The guardrail engine: find personal data in text, fail closed, replace it by policy.

The engine orchestrates; it knows no entity type. Per text it
1. builds the normalised detection view (obfuscations undone, offsets kept),
2. runs Presidio's analyzer with the guardrail's recognisers on that view,
3. maps findings back to the original, applies thresholds, the allow-list and the
   business-fact protection, and merges overlaps into one span each (the widest wins),
4. hands the findings to the operators.
Any error or an overrun of the time budget raises a DetectionError: no text is released.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Iterable, Sequence

from presidio_analyzer import (
    AnalyzerEngine,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.business import business_fact_spans
from guardrails.entities import EntityType
from guardrails.errors import (
    DetectionError,
    DetectionFailed,
    DetectionTimeout,
    PolicyError,
    TextTooLong,
)
from guardrails.findings import Finding, Redaction
from guardrails.nlp import LANGUAGE, NerOnlySpacyEngine
from guardrails.normalise import NormalisedText, normalise
from guardrails.operators import PlaceholderSource, apply_operators
from guardrails.policy import Operator, Policy
from guardrails.recognizers import KnownValue, KnownValuesRecognizer, default_recognizers
from guardrails.vault import InMemoryVault

logger = logging.getLogger(__name__)

# Findings proven by a checksum or a known value survive inside a business-fact span.
_PROVEN_SCORE = 0.99
_BATCH_SIZE = 64
# What a channel can reach a person at: found by pattern and checksum, no language model needed.
_CONTACT_TYPES = frozenset({EntityType.EMAIL_ADDRESS.value, EntityType.PHONE_NUMBER.value})


class GuardrailEngine:
    """Loads the NLP model and recognisers once; thread-compatible, not thread-safe."""

    def __init__(self, policy: Policy, hash_key: bytes | None = None) -> None:
        self._hash_key = hash_key
        self.use_policy(policy)
        self._nlp = NerOnlySpacyEngine()
        self._nlp.load()
        registry = RecognizerRegistry(
            recognizers=default_recognizers(), supported_languages=[LANGUAGE]
        )
        self._analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=self._nlp, supported_languages=[LANGUAGE]
        )
        for recognizer in registry.recognizers:
            recognizer.load()
        self._contact_recognizers = [
            recognizer
            for recognizer in registry.recognizers
            if _CONTACT_TYPES & set(recognizer.supported_entities)
        ]

    def use_policy(self, policy: Policy) -> None:
        """Switch to another policy version; the next text is handled under it (no reload of
        the model or recognisers, so a running worker picks up an admin's change at once)."""
        uses_hash = any(policy.rule_for(t).operator is Operator.HASH for t in EntityType)
        if uses_hash and not self._hash_key:
            raise PolicyError("the policy uses the hash operator: set ASPINIX_HASH_KEY")
        self.policy = policy
        self._entities = policy.enabled_types()
        self._allow_list = {term.casefold() for term in policy.allow_list}

    def with_policy(self, policy: Policy) -> GuardrailEngine:
        """This engine under ``policy``, sharing the loaded model and recognisers (a shallow
        copy): one view per workspace, or per try-it request, so one workspace's policy never
        applies to another's texts and a new version never changes a text that another thread
        is halfway through. PolicyError as ``use_policy``."""
        view = copy.copy(self)
        view.use_policy(policy)
        return view

    def analyze(self, text: str, known: Sequence[KnownValue] = ()) -> list[Finding]:
        """Personal data in ``text``, as non-overlapping findings in original offsets."""
        return self.analyze_many([text], known)[0]

    def analyze_many(
        self, texts: Sequence[str], known: Sequence[KnownValue] = ()
    ) -> list[list[Finding]]:
        """``analyze`` for many texts, with spaCy batching them; all or nothing."""
        for text in texts:
            if len(text) > self.policy.max_text_chars:
                raise TextTooLong(
                    f"text of {len(text)} characters exceeds the policy's max_text_chars "
                    f"({self.policy.max_text_chars}); split it first"
                )
        started = time.perf_counter()
        try:
            views = [normalise(text) for text in texts]
            artifacts = self._nlp.process_batch(
                [view.text for view in views], LANGUAGE, batch_size=_BATCH_SIZE
            )
            known_values = KnownValuesRecognizer(known) if known else None
            findings = [
                self._findings(text, view, processed[1], known_values)
                for text, view, processed in zip(texts, views, artifacts, strict=True)
            ]
        except DetectionError:
            raise
        except Exception as exc:
            logger.error("detection failed", extra={"error": type(exc).__name__})
            raise DetectionFailed(
                f"detection failed ({type(exc).__name__}); text withheld"
            ) from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        budget_ms = self.policy.time_budget_ms * max(1, len(texts))
        if elapsed_ms > budget_ms:
            raise DetectionTimeout(
                f"detection took {elapsed_ms:.0f} ms, over the {budget_ms} ms budget; text withheld"
            )
        return findings

    def contact_details(self, text: str) -> list[Finding]:
        """The e-mail addresses and phone numbers in ``text``, found by the same recognisers
        and kept by the same policy as ``analyze``, without the NLP pass (spaCy is most of
        detection's cost, and names do not matter here): for linking a prospect's channels."""
        entities = sorted(_CONTACT_TYPES)
        try:
            view = normalise(text)
            # Presidio types the artifacts as required; these recognisers (patterns, checksums,
            # phonenumbers) never read them, and the analyzer passes None too when it has none.
            results = [
                result
                for recognizer in self._contact_recognizers
                for result in recognizer.analyze(view.text, entities, None)  # type: ignore[arg-type]
            ]
            return self._kept(text, [self._to_original(view, result) for result in results])
        except Exception as exc:
            logger.error("contact detection failed", extra={"error": type(exc).__name__})
            raise DetectionFailed(f"detection failed ({type(exc).__name__})") from exc

    def redact(self, text: str, known: Sequence[KnownValue] = ()) -> Redaction:
        """Detect and replace, with placeholders numbered for this text alone."""
        return self.redact_many([text], known)[0]

    def redact_many(
        self, texts: Sequence[str], known: Sequence[KnownValue] = ()
    ) -> list[Redaction]:
        """``redact`` for many independent texts (each gets its own placeholder numbering)."""
        all_findings = self.analyze_many(texts, known)
        return [
            Redaction(self.replace(text, findings, InMemoryVault("redact")), tuple(findings))
            for text, findings in zip(texts, all_findings, strict=True)
        ]

    def replace(self, text: str, findings: Sequence[Finding], vault: PlaceholderSource) -> str:
        """Apply the policy's operators to ``findings`` in ``text``."""
        return apply_operators(text, findings, self.policy, vault, self._hash_key)

    def _findings(
        self,
        text: str,
        view: NormalisedText,
        nlp_artifacts: NlpArtifacts,
        known_values: KnownValuesRecognizer | None,
    ) -> list[Finding]:
        results: list[RecognizerResult] = self._analyzer.analyze(
            view.text,
            language=LANGUAGE,
            nlp_artifacts=nlp_artifacts,
            ad_hoc_recognizers=[known_values] if known_values is not None else None,
            score_threshold=0.0,
        )
        # Presidio has settled the overlaps between the known values and the rest; its
        # metadata names the recogniser each result came from.
        known: list[Finding] = []
        detected: list[Finding] = []
        for result in results:
            metadata = result.recognition_metadata or {}
            from_known = (
                known_values is not None
                and metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY) == KnownValuesRecognizer.NAME
            )
            (known if from_known else detected).append(self._to_original(view, result))
        return self._kept(text, detected, known)

    def _kept(
        self, text: str, candidates: Sequence[Finding], known: Sequence[Finding] = ()
    ) -> list[Finding]:
        """The candidates the policy keeps (enabled type, threshold, allow list, not inside a
        business fact unless proven), and every occurrence of a value the conversation already
        knows as personal data, whatever the policy (version) says now: the wire check blocks
        any request holding one, so a type turned off or a term allowed later must not release
        a value the vault holds (a prospect's profile name, a number replaced last week).
        Overlaps merged."""
        protected = business_fact_spans(text)
        kept = [finding for finding in known if finding.end > finding.start]
        kept += [
            finding
            for finding in candidates
            if finding.end > finding.start
            and finding.entity_type in self._entities
            and finding.score >= self.policy.rule_for(finding.entity_type).threshold
            and text[finding.start : finding.end].strip().casefold() not in self._allow_list
            and (finding.score >= _PROVEN_SCORE or not _overlaps_any(finding, protected))
        ]
        return _merge_overlaps(kept)

    @staticmethod
    def _to_original(view: NormalisedText, result: RecognizerResult) -> Finding:
        start, end = view.to_original(result.start, result.end)
        return Finding(start, end, result.entity_type, float(result.score))


def _overlaps_any(finding: Finding, spans: Iterable[tuple[int, int]]) -> bool:
    return any(finding.start < end and start < finding.end for start, end in spans)


def _merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per overlapping group: the union of the spans, typed by the surest finding."""
    merged: list[Finding] = []
    for finding in sorted(findings):
        if merged and finding.start < merged[-1].end:
            current = merged[-1]
            best = max((current, finding), key=lambda f: (f.score, f.end - f.start))
            merged[-1] = Finding(
                current.start, max(current.end, finding.end), best.entity_type, best.score
            )
        else:
            merged.append(finding)
    return merged
