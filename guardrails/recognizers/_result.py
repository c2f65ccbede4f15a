"""Building Presidio results for recognisers that are not pattern-based."""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def found(
    recognizer: EntityRecognizer,
    start: int,
    end: int,
    score: float,
    entity_type: str | None = None,
) -> RecognizerResult:
    """A result with the explanation Presidio's context enhancer expects to update."""
    return RecognizerResult(
        entity_type or recognizer.supported_entities[0],
        start,
        end,
        score,
        analysis_explanation=AnalysisExplanation(
            recognizer=type(recognizer).__name__, original_score=score
        ),
    )
