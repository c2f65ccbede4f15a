"""Deployments for the end-to-end tests: one per backend (SQLite; PostgreSQL with Redis),
shared by the tests of a module, each test writing as prospects of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.e2e.deployment import Deployment, deployment_env, running
from tests.fakes.graph_api import FakeGraphAPI
from tests.fakes.openai_server import FakeOpenAI
from tests.store_fixtures import Backend

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI() as fake:
        yield fake


@pytest.fixture(scope="module")
def ai() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture(autouse=True)
def _fresh_fakes(graph: FakeGraphAPI, ai: FakeOpenAI) -> None:
    graph.reset()
    ai.reset()


def make_deployment(
    backend_name: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    master_key: str,
    graph: FakeGraphAPI,
    ai: FakeOpenAI | None,
    reply_mode: str = "auto",
) -> Deployment:
    """A deployment on ``backend_name``: "sqlite", or "postgresql" (with Redis as the queue)."""
    database_url = queue_url = None
    if backend_name == "postgresql":
        backend: Backend = request.getfixturevalue("postgresql_backend")
        database_url = backend.url
        queue_url = REDIS_URL
        redis.Redis.from_url(REDIS_URL).flushdb()
    env, workspace = deployment_env(
        data_dir=tmp_path,
        master_key=master_key,
        openai_base_url=ai.base_url if ai is not None else None,
        graph_base_url=graph.base_url,
        database_url=database_url,
        queue_url=queue_url,
        reply_mode=reply_mode,
    )
    return Deployment(
        env=env,
        database_url=database_url or f"sqlite:///{tmp_path / 'aspinix.db'}",
        master_key=master_key,
        workspace=workspace,
    )


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
        request.param, request, tmp_path_factory.mktemp("e2e"), master_key_text, graph, ai
    )
    yield from running(deployment)
