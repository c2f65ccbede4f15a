"""Gmail without Pub/Sub: with GMAIL_POLL_SECONDS, the worker finds new mail on its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.gmail_api import FakeGoogle
from fakes.graph_api import FakeGraphAPI
from fakes.mail import prospect_mail
from fakes.openai_server import FakeOpenAI, Text
from tests.e2e.deployment import Deployment, wait_until
from tests.e2e.gmail_setup import gmail_deployment


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle(email_address="sales@tarang.example") as fake:
        yield fake


@pytest.fixture(scope="module")
def polling_service(
    tmp_path_factory: pytest.TempPathFactory,
    master_key_text: str,
    google: FakeGoogle,
    graph: FakeGraphAPI,
    ai: FakeOpenAI,
) -> Iterator[Deployment]:
    yield from gmail_deployment(
        "sqlite", tmp_path_factory.mktemp("poll"), master_key_text, google, graph, ai,
        push=False, extra_env={"GMAIL_POLL_SECONDS": "1"},
    )  # fmt: skip


def test_new_mail_is_answered_without_a_push(
    polling_service: Deployment, google: FakeGoogle, ai: FakeOpenAI
) -> None:
    ai.default_reply = Text("Thanks for writing!")
    raw, _ = prospect_mail(
        sender=("Asha Rao", "asha.rao@lotustex.co.in"), to=google.email_address,
        subject="Demo", body="Could we see a demo on Friday?",
    )  # fmt: skip
    google.add_inbound(raw)
    sent = wait_until(lambda: google.sent, what="the reply found by polling")
    assert isinstance(sent, list) and "asha.rao@lotustex.co.in" in str(sent[0].message["To"])
    assert google.watches == []  # no topic: no watch was started
