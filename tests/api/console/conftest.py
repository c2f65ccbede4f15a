"""A console over a real SQLite store in a temporary folder, driven by Starlette's test
client (real HTTP semantics: cookies, redirects, forms)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app, services_from_settings
from api.services import Services
from aspinix.settings import Settings

WORKSPACE = "acme"


@pytest.fixture
def services(tmp_path: Path, master_key_text: str) -> Iterator[Services]:
    settings = Settings(
        data_dir=tmp_path, master_key=master_key_text, workspace=WORKSPACE, database_url=None
    )
    built = services_from_settings(settings)
    yield built
    built.store.database.dispose()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), base_url="http://testserver") as test_client:
        yield test_client
