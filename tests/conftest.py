"""Shared fixtures: the guardrail engine loads spaCy once per test session; fake services; the
store's databases (SQLite and PostgreSQL) come from ``tests.store_fixtures``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI
from guardrails.engine import GuardrailEngine
from guardrails.policy import load_policy

pytest_plugins = ["tests.store_fixtures"]


@pytest.fixture(scope="session")
def engine() -> GuardrailEngine:
    """The engine with the shipped default policy."""
    return GuardrailEngine(load_policy())


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphAPI]:
    """The fake WhatsApp Graph API of a module's deployments (e2e and browser tests)."""
    with FakeGraphAPI() as fake:
        yield fake


@pytest.fixture(scope="module")
def ai() -> Iterator[FakeOpenAI]:
    """The fake model of a module's deployments (e2e and browser tests)."""
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fresh fake OpenAI-compatible server on loopback for one test (starts in milliseconds)."""
    with FakeOpenAI() as server:
        yield server
