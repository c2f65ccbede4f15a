"""Fixtures of the WhatsApp connector tests: a fresh fake Graph API per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.graph_api import FakeGraphAPI


@pytest.fixture
def graph() -> Iterator[FakeGraphAPI]:
    """A fake WhatsApp Cloud API on loopback (starts in milliseconds)."""
    with FakeGraphAPI() as server:
        yield server
