"""Deployments for the end-to-end tests: one per backend (SQLite; PostgreSQL with Redis),
shared by the tests of a module, each test writing as prospects of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI
from tests.e2e.deployment import Deployment, make_deployment, running


@pytest.fixture(autouse=True)
def _fresh_fakes(graph: FakeGraphAPI, ai: FakeOpenAI) -> None:
    """The module's fake model and Graph API (``tests/conftest.py``), emptied per test."""
    graph.reset()
    ai.reset()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def service(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    master_key_text: str,
    graph: FakeGraphAPI,
    ai: FakeOpenAI,
) -> Iterator[Deployment]:
    """An auto-mode deployment with a model (the fake) and one worker."""
    deployment = make_deployment(
        request.param, tmp_path_factory.mktemp("e2e"), master_key_text, graph, ai
    )
    yield from running(deployment)
