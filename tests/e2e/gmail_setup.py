"""A deployment with a connected Gmail mailbox, for the e-mail end-to-end tests: the fake
Google serves Gmail, OAuth and the push certificates; the mailbox is connected the way an
operator does it, with ``aspinix gmail connect --authorized-user-file``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

from fakes.gmail_api import FakeGoogle
from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI
from tests.e2e.deployment import Deployment, make_deployment, running

PUSH_AUDIENCE = "https://aspinix.test/webhooks/gmail"
PUBLIC_URL = "https://aspinix.test"
TOPIC = "projects/aspinix-test/topics/gmail"


def gmail_env(google: FakeGoogle, *, push: bool = True) -> dict[str, str]:
    """Settings pointing the service at the fake Google."""
    return google.service_env(
        audience=PUSH_AUDIENCE, public_url=PUBLIC_URL, topic=TOPIC if push else None
    )


def connect_mailbox(deployment: Deployment, google: FakeGoogle, tmp_path: Path) -> None:
    """``aspinix gmail connect --authorized-user-file`` with a fresh grant of the fake's."""
    token = google.issue_refresh_token()
    credentials = tmp_path / f"authorized-user-{uuid.uuid4().hex[:6]}.json"
    credentials.write_text(json.dumps(google.authorized_user_info(token)))
    result = deployment.cli("gmail", "connect", "--authorized-user-file", str(credentials))
    assert result.returncode == 0, result.stderr.decode()


def gmail_deployment(
    backend: str,
    tmp_path: Path,
    master_key: str,
    google: FakeGoogle,
    graph: FakeGraphAPI,
    ai: FakeOpenAI | None,
    *,
    reply_mode: str = "auto",
    push: bool = True,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Deployment]:
    """A running deployment with the fake's mailbox connected."""
    deployment = make_deployment(
        backend,
        tmp_path,
        master_key,
        graph,
        ai,
        reply_mode=reply_mode,
        extra_env={**gmail_env(google, push=push), **(extra_env or {})},
    )
    for started in running(deployment):
        connect_mailbox(started, google, tmp_path)
        yield started


def push(deployment: Deployment, google: FakeGoogle, token: str | None = None) -> httpx.Response:
    """What Pub/Sub POSTs when the mailbox changes, with a token Google signed (or ``token``)."""
    bearer = token if token is not None else google.push_token(PUSH_AUDIENCE)
    return httpx.post(
        f"{deployment.base_url}/webhooks/gmail",
        content=google.push_body(google.email_address, google.history_id),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"},
        timeout=10,
    )
