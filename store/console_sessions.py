"""Console sessions: which browser is signed in as whom, until when.

The cookie carries a random token; only its SHA-256 is stored, so the table opens nothing by
itself. A session is found by the token alone (the sign-in page asks no workspace); it then
names its workspace and user. A session half-way through signing in has ``stage`` "mfa" (the
password was right, a one-time code is due) or "enrol" (the user must set up MFA first).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.models import ConsoleSession, User, as_utc, utcnow

TOKEN_BYTES = 32
# A session's last-seen time is written at most this often, not on every request.
_TOUCH_EVERY = timedelta(minutes=1)


class Stage(StrEnum):
    """How far a session has got."""

    MFA = "mfa"
    ENROL = "enrol"
    FULL = "full"


def token_digest(token: str) -> str:
    """What is stored of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


class ConsoleSessions:
    """Sessions, across workspaces (a token names its own)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def start(self, user: User, stage: Stage, lifetime: timedelta) -> str:
        """A new session for ``user``; returns the token for the cookie (never stored)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = utcnow()
        self._session.add(
            ConsoleSession(
                token_sha256=token_digest(token),
                workspace_id=user.workspace_id,
                user_id=user.id,
                stage=stage.value,
                created_at=now,
                last_seen_at=now,
                expires_at=now + lifetime,
            )
        )
        return token

    def find(self, token: str, idle_limit: timedelta) -> tuple[ConsoleSession, User] | None:
        """The live session with ``token`` and its user; None when there is none, it expired,
        it was idle too long, or its user was disabled (such a session is deleted)."""
        row = self._session.get(ConsoleSession, token_digest(token))
        if row is None:
            return None
        now = utcnow()
        user = self._session.get(User, row.user_id)
        if (
            user is None
            or user.disabled
            or as_utc(row.expires_at) <= now
            or as_utc(row.last_seen_at) + idle_limit <= now
        ):
            self._session.delete(row)
            return None
        if as_utc(row.last_seen_at) + _TOUCH_EVERY <= now:
            row.last_seen_at = now
        return row, user

    def end(self, token: str) -> None:
        """Sign this browser out."""
        self._session.execute(
            delete(ConsoleSession).where(ConsoleSession.token_sha256 == token_digest(token))
        )

    def end_all(self, user_id: str) -> int:
        """Sign the user out everywhere; returns how many sessions ended."""
        count = len(self.of_user(user_id))
        self._session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))
        return count

    def of_user(self, user_id: str) -> list[ConsoleSession]:
        """The user's sessions, newest first."""
        return list(
            self._session.scalars(
                select(ConsoleSession)
                .where(ConsoleSession.user_id == user_id)
                .order_by(ConsoleSession.created_at.desc())
            )
        )

    def purge_expired(self) -> int:
        """Delete sessions past their absolute expiry; returns how many."""
        result = self._session.execute(
            delete(ConsoleSession).where(ConsoleSession.expires_at <= utcnow())
        )
        return int(getattr(result, "rowcount", 0) or 0)
