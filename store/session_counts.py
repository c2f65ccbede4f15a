"""How many browsers each console user of a workspace is signed in on, in one query, for the
admin's users page (``ConsoleSessions`` answers per user and counts half-finished sign-ins)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.console_sessions import Stage
from store.models import ConsoleSession, utcnow


def signed_in_counts(session: Session, workspace_id: str, idle_limit: timedelta) -> dict[str, int]:
    """User id -> live, fully signed-in sessions (not expired, not idle past ``idle_limit``);
    users with none are absent."""
    now = utcnow()
    rows = session.execute(
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
