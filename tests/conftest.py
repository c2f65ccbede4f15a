"""Shared fixtures: the guardrail engine loads spaCy once per test session; fake services; the
store's databases (SQLite and PostgreSQL) come from ``tests.store_fixtures``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.openai_server import FakeOpenAI
from guardrails.engine import GuardrailEngine
from guardrails.policy import load_policy

pytest_plugins = ["tests.store_fixtures"]


@pytest.fixture(scope="session")
def engine() -> GuardrailEngine:
    """The engine with the shipped default policy."""
    return GuardrailEngine(load_policy())


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fresh fake OpenAI-compatible server on loopback for one test (starts in milliseconds)."""
    with FakeOpenAI() as server:
        yield server
