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

from sqlalchemy import delete, func, select
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

    def end_all(self, user_id: str, keep: str | None = None) -> int:
        """Sign the user out everywhere (but the session whose digest is ``keep``, when
        given: the browser that changed the password); returns how many sessions ended."""
        query = delete(ConsoleSession).where(ConsoleSession.user_id == user_id)
        if keep is not None:
            query = query.where(ConsoleSession.token_sha256 != keep)
        result = self._session.execute(query)
        return int(getattr(result, "rowcount", 0) or 0)

    def signed_in_counts(self, workspace_id: str, idle_limit: timedelta) -> dict[str, int]:
        """User id -> live, fully signed-in sessions (not expired, not idle past
        ``idle_limit``) in one query; users with none are absent."""
        now = utcnow()
        rows = self._session.execute(
            select(ConsoleSession.user_id, func.count())
            .where(
                ConsoleSession.workspace_id == workspace_id,
                ConsoleSession.stage == Stage.FULL.value,
                ConsoleSession.expires_at > now,
                ConsoleSession.last_seen_at > now - idle_limit,
            )
            .group_by(ConsoleSession.user_id)
        )
        return {user_id: count for user_id, count in rows}

    def purge_expired(self) -> int:
        """Delete sessions past their absolute expiry; returns how many."""
        result = self._session.execute(
            delete(ConsoleSession).where(ConsoleSession.expires_at <= utcnow())
        )
        return int(getattr(result, "rowcount", 0) or 0)
