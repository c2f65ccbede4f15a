"""Convert presidio-evaluator's synthetic sentences into the benchmark's record format.

Why: our own corpus (``benchmarks.corpus``) is written by the same team that writes the
guardrail, so it shares our blind spots. This script takes an OUTSIDE generator - the
``PresidioSentenceFaker`` of the PyPI package ``presidio-evaluator`` (its own templates, its
own Faker providers, its own span labels) - and saves 1,000 of its sentences, labelled the
way ``benchmarks.pii_benchmark`` expects, to ``benchmarks/data/presidio_evaluator_1000.jsonl``.
The JSONL is committed, so the benchmark never needs presidio-evaluator installed.

Regenerate (presidio-evaluator pulls transformers/sklearn; it is kept out of the project's
environment, in a venv of its own, and only what its data generator imports is installed)::

    python3.11 -m venv /tmp/eval-venv
    /tmp/eval-venv/bin/pip install --no-deps presidio-evaluator==0.3.2
    /tmp/eval-venv/bin/pip install faker numpy pandas tqdm python-dotenv spacy requests pyyaml \
        presidio-analyzer==2.2.366 presidio-anonymizer==2.2.366
    /tmp/eval-venv/bin/python -m benchmarks.evaluator_corpus          # from the repo root

Options: ``--n`` (1000), ``--seed`` (42), ``--out``. The output is deterministic for a given
seed and package versions (presidio-evaluator 0.3.2, Faker as installed; the Faker version is
written to stderr so a changed file can be explained).

Label mapping (presidio-evaluator's provider names -> ours):

* person, name, first/last names -> PERSON; email -> EMAIL_ADDRESS; phone_number ->
  PHONE_NUMBER; credit_card_number -> CREDIT_CARD; iban -> IBAN_CODE; ip_address ->
  IP_ADDRESS; date_of_birth -> DATE_OF_BIRTH; ssn -> US_SSN; us_driver_license ->
  US_DRIVER_LICENSE (types we do not define keep their own name and are still counted).
* street-level address parts (address, street_name, building_number, secondary_address)
  next to each other are merged into one ADDRESS value; a city, state, country or postcode
  inside such an address block is neither PII nor a fact to keep (removing it with the
  address is correct, keeping it is harmless).
* organization -> COMPANY, city -> CITY, country -> COUNTRY, job -> JOB_TITLE (facts to keep).
* date_time, day_of_week, year, age, nationality, title prefixes, url, state, zipcode alone:
  neither (not scored).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

PERSON_KEYS = {
    "person",
    "name",
    "name_female",
    "name_male",
    "first_name",
    "first_name_female",
    "first_name_male",
    "first_name_nonbinary",
    "last_name",
    "last_name_female",
    "last_name_male",
}
PII_MAP = {
    "email": "EMAIL_ADDRESS",
    "phone_number": "PHONE_NUMBER",
    "credit_card_number": "CREDIT_CARD",
    "credit_card": "CREDIT_CARD",
    "iban": "IBAN_CODE",
    "ip_address": "IP_ADDRESS",
    "date_of_birth": "DATE_OF_BIRTH",
    "birthday": "DATE_OF_BIRTH",
    "ssn": "US_SSN",
    "us_driver_license": "US_DRIVER_LICENSE",
} | dict.fromkeys(PERSON_KEYS, "PERSON")
KEEP_MAP = {
    "organization": "COMPANY",
    "city": "CITY",
    "country": "COUNTRY",
    "job": "JOB_TITLE",
}
STREET_PARTS = {"address", "street_name", "building_number", "secondary_address"}
BLOCK_PARTS = STREET_PARTS | {"city", "state", "state_abbr", "country", "postcode", "zipcode"}
_GAP = re.compile(r"[\s,.\-]{0,4}")
_ESCAPES = {"n": "\n", "t": " ", ",": ","}


def _unescape(text: str) -> tuple[str, list[int]]:
    """The templates carry literal ``\\n`` and ``\\,``; turn them into real characters.

    Returns the new text and, for every old offset (and one past the end), the new offset.
    """
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            mapping.extend([len(out), len(out)])
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        else:
            mapping.append(len(out))
            out.append(text[i])
            i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def convert(sample: Any, idx: int, seed: int) -> dict[str, Any]:
    """One presidio-evaluator ``InputSample`` -> ``{"id","channel","text","pii","keep"}``."""
    text, m = _unescape(sample.full_text)
    spans = sorted(
        (
            (m[s.start_position], m[s.end_position], s.entity_type)
            for s in sample.spans
            if s.end_position > s.start_position
        ),
        key=lambda x: x[0],
    )
    pii: list[dict[str, str]] = []
    keep: list[dict[str, str]] = []

    def add(target: list[dict[str, str]], typ: str, start: int, end: int) -> None:
        value = text[start:end].strip()
        item = {"type": typ, "value": value}
        if value and item not in target:
            target.append(item)

    # Group address-block parts into runs separated only by short gaps.
    runs: list[list[tuple[int, int, str]]] = []
    for span in spans:
        if span[2] not in BLOCK_PARTS:
            continue
        if runs and _GAP.fullmatch(text[runs[-1][-1][1] : span[0]]):
            runs[-1].append(span)
        else:
            runs.append([span])
    in_block: set[tuple[int, int, str]] = set()
    for run in runs:
        street = [s for s in run if s[2] in STREET_PARTS]
        if not street:
            continue
        in_block.update(run)
        add(pii, "ADDRESS", min(s[0] for s in street), max(s[1] for s in street))

    for span in spans:
        start, end, kind = span
        if kind in PII_MAP:
            add(pii, PII_MAP[kind], start, end)
        elif kind in KEEP_MAP and span not in in_block:
            add(keep, KEEP_MAP[kind], start, end)

    masked = text
    for p in sorted(pii, key=lambda p: -len(p["value"])):
        masked = masked.replace(p["value"], "\x00" * len(p["value"]))
    keep = [k for k in keep if k["value"] in masked]
    for item in pii + keep:
        assert item["value"] in text, (idx, item)
    return {
        "id": f"pe-{seed}-{idx:05d}",
        "channel": "email" if "\n" in text else "whatsapp",
        "text": text,
        "pii": pii,
        "keep": keep,
    }


def _clock_free_dates_provider() -> type:
    """A Faker provider whose dates do not depend on today's date.

    Faker's ``date_time``, ``date_of_birth``, ``year`` and ``day_of_week`` are relative to the
    wall clock, so the same seed would give a different file every day (or every second).
    """
    import datetime as dt

    from faker.providers import BaseProvider

    start, end = dt.datetime(1970, 1, 1), dt.datetime(2024, 12, 31, 23, 59, 59)

    class ClockFreeDates(BaseProvider):
        def date_time(self) -> dt.datetime:
            span = int((end - start).total_seconds())
            return start + dt.timedelta(seconds=self.generator.random.randint(0, span))

        def date_of_birth(self) -> dt.date:
            first, last = dt.date(1940, 1, 1), dt.date(2006, 12, 31)
            return first + dt.timedelta(days=self.generator.random.randint(0, (last - first).days))

        def year(self) -> str:
            return str(self.date_time().year)

        def day_of_week(self) -> str:
            return self.date_time().strftime("%A")

    return ClockFreeDates


def main(argv: list[str] | None = None) -> int:
    """Generate ``--n`` sentences with presidio-evaluator and write them as JSON Lines."""
    ap = argparse.ArgumentParser(description="presidio-evaluator sentences -> benchmark JSONL")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="benchmarks/data/presidio_evaluator_1000.jsonl")
    args = ap.parse_args(argv)

    import faker  # imported here: only the separate generator venv has presidio-evaluator
    from presidio_evaluator.data_generator import PresidioSentenceFaker

    # Identity mapping: keep the provider names, so that date_of_birth stays distinct from a
    # plain date and city/country/state stay distinct from each other (the package's default
    # mapping folds them into DATE_TIME and GPE).
    identity = {k: k for k in PresidioSentenceFaker.ENTITY_TYPE_MAPPING}
    identity |= {"birthday": "birthday", "credit_card": "credit_card"}
    # The package loads its person table (random middle initials, etc.) BEFORE it applies
    # random_seed; seeding first makes the whole output reproducible.
    PresidioSentenceFaker.seed(args.seed)
    sentence_faker = PresidioSentenceFaker(
        locale="en_US",
        lower_case_ratio=0.05,
        entity_type_mapping=identity,
        random_seed=args.seed,
    )
    sentence_faker.add_provider(_clock_free_dates_provider())
    samples = sentence_faker.generate_new_fake_sentences(num_samples=args.n)
    records = [convert(s, i, args.seed) for i, s in enumerate(samples)]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(
        f"wrote {len(records)} records to {out} (Faker {faker.VERSION}, seed {args.seed})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
