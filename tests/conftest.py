"""Shared fixtures: the guardrail engine loads spaCy once per test session; the store's
databases (SQLite and PostgreSQL) come from ``tests.store_fixtures``."""

from __future__ import annotations

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.policy import load_policy

pytest_plugins = ["tests.store_fixtures"]


@pytest.fixture(scope="session")
def engine() -> GuardrailEngine:
    """The engine with the shipped default policy."""
    return GuardrailEngine(load_policy())
