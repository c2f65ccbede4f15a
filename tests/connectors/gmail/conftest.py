"""Fixtures of the Gmail connector tests: a fresh fake Google per test, credentials issued by it,
and a client pointed at it. Nothing here can reach Google: every URL is the fake's."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from google.oauth2.credentials import Credentials

from connectors.gmail.client import GmailClient
from connectors.gmail.credentials import load_authorized_user
from tests.fakes.gmail_api import FakeGoogle


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
