"""Evaluation corpora and benchmarks for the PII guardrail (not shipped with the package)."""
