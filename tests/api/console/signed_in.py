"""Signing a test browser in without the sign-in pages: a full session started in the store
and its cookie handed to the client. For tests about what a role may do, where going through
passwords and one-time codes for every role would only add time (and TOTP codes are good once
per 30 seconds); the sign-in pages have their own tests."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.console.cookies import SESSION_COOKIE
from api.services import Services
from store.console_sessions import ConsoleSessions, Stage
from store.models import User
from tests.api.console.console_client import Account


def start_session(client: TestClient, services: Services, account: Account) -> None:
    """Make ``client`` a browser fully signed in as ``account``."""
    with services.store.database.session() as session:
        user = session.get(User, account.user_id)
        assert user is not None
        token = ConsoleSessions(session).start(user, Stage.FULL, services.console.times.lifetime)
    client.cookies.set(SESSION_COOKIE, token, domain="testserver.local", path="/console")
