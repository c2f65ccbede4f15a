"""Shared fixtures: the guardrail engine loads spaCy once per test session; fake services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from guardrails.engine import GuardrailEngine
from guardrails.policy import load_policy
from tests.fakes.openai_server import FakeOpenAI


@pytest.fixture(scope="session")
def engine() -> GuardrailEngine:
    """The engine with the shipped default policy."""
    return GuardrailEngine(load_policy())


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fresh fake OpenAI-compatible server on loopback for one test (starts in milliseconds)."""
    with FakeOpenAI() as server:
        yield server
