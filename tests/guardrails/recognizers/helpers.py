"""Running one recogniser alone, the way the engine would, for per-recogniser tests."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from guardrails.normalise import normalise


def detected(recognizer: EntityRecognizer, text: str, threshold: float = 0.5) -> list[str]:
    """The substrings of ``text`` the recogniser reports at or above ``threshold``."""
    view = normalise(text)
    results = recognizer.analyze(view.text, recognizer.supported_entities, None)
    spans = [view.to_original(r.start, r.end) for r in results if r.score >= threshold]
    return [text[start:end] for start, end in spans]
