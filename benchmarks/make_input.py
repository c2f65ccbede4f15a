"""Write the own corpus as plain ``{"id", "text"}`` JSON Lines: the input of whole-process timing.

Why: ``aspinix redact FILE`` and ``benchmarks.plain_presidio_redact`` are timed as whole
processes (start-up and model load included) on the same 1,000 messages; both read this file.
Labels are left out so that neither tool could peek at them.

Usage (from the repository root)::

    python -m benchmarks.make_input                                  # 1,000 messages, seed 7
    python -m benchmarks.make_input --n 1000 --seed 7 --out benchmarks/out/input_1000.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.corpus import generate


def main(argv: list[str] | None = None) -> int:
    """Generate ``--n`` messages and write ``{"id", "text"}`` per line to ``--out``."""
    ap = argparse.ArgumentParser(description="own corpus -> {id, text} JSON Lines")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="benchmarks/out/input_1000.jsonl")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in generate(args.n, args.seed):
            fh.write(json.dumps({"id": rec["id"], "text": rec["text"]}, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} messages to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
