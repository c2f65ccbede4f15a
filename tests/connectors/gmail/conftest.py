"""Fixtures of the Gmail connector tests: a fresh fake Google per test, credentials issued by it,
and a client pointed at it. Nothing here may reach Google: every URL is the fake's, and a guard
refuses to resolve any host but loopback, so a request that would have left the machine fails
the test even where the network is open (``loopback_only`` lists what was refused)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from google.oauth2.credentials import Credentials

from connectors.gmail.client import GmailClient
from connectors.gmail.credentials import load_authorized_user
from fakes.gmail_api import FakeGoogle


class Sleeps(list[float]):
    """An injected sleep that records each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def inbound_mail(
    subject: str = "Pricing question", body: str = "How much is the Pro plan?"
) -> bytes:
    """An RFC 822 message as a prospect would send it."""
    message = EmailMessage()
    message["From"] = "Dana Prospect <dana@prospect.example>"
    message["To"] = "owner@example.com"
    message["Subject"] = subject
    message["Message-ID"] = "<abc123@prospect.example>"
    message.set_content(body)
    return message.as_bytes()


_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse name resolution (httplib2, requests and http.client all resolve first) for any
    host but loopback; fail the test at teardown if one was tried and not acknowledged by
    clearing the list."""
    resolve = socket.getaddrinfo
    refused: list[str] = []

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in _LOOPBACK:
            refused.append(name)
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not leave loopback ({name})")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield refused
    assert not refused, f"a test tried to reach {refused}"


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    """The fake Gmail API, OAuth endpoints and certificates on one loopback port."""
    with FakeGoogle() as server:
        yield server


@pytest.fixture
def credentials(google: FakeGoogle) -> Credentials:
    """Credentials of a consented mailbox (both scopes), refreshing at the fake."""
    return load_authorized_user(google.authorized_user_info(google.issue_refresh_token()))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(google: FakeGoogle, credentials: Credentials, sleeps: Sleeps) -> Iterator[GmailClient]:
    with GmailClient(credentials, api_base=google.base_url, sleep=sleeps, timeout=5) as gmail:
        yield gmail
