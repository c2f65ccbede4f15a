"""What an admin does to the users of their workspace: list them, create them, change their
role, disable or enable them, sign them out everywhere, reset their MFA, and require a
one-time code of everyone.

Each action runs inside the caller's ledger, leaves an audit entry with ids and codes only
(never an address), and keeps two guard rails: an admin cannot lock themselves out (disable or
demote their own account), and the workspace always keeps an enabled admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from api.console.errors import ConsoleError
from api.console.user_accounts import create_user, workspace_of
from api.console.viewer import Viewer
from store.console_sessions import ConsoleSessions
from store.errors import InvalidInput
from store.keys import KeyManager
from store.ledger import Ledger
from store.models import User, as_utc, utcnow
from store.users import Role, find_login


class AdminRefused(ConsoleError):
    """An admin action the guard rails refuse; the message says why and what to do."""


@dataclass(frozen=True)
class UserRow:
    """One line of the users page."""

    id: str
    email: str
    role: Role
    mfa_enrolled: bool
    locked_until: datetime | None  # only while the lock lasts
    disabled: bool
    sessions: int
    is_viewer: bool


def parse_role(value: str) -> Role:
    """The role a form names; InvalidInput naming the choices otherwise."""
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise InvalidInput(f"role: choose one of {choices}") from None


def list_users(ledger: Ledger, viewer: Viewer, idle_limit: timedelta) -> list[UserRow]:
    """Every user of the workspace with their address decrypted: reading staff personal data,
    so the viewing is audited (a count, no addresses)."""
    users = ledger.users.all()
    counts = ConsoleSessions(ledger.scope.session).signed_in_counts(
        ledger.scope.workspace_id, idle_limit
    )
    now = utcnow()
    rows = [
        UserRow(
            id=user.id,
            email=ledger.users.email(user),
            role=Role(user.role),
            mfa_enrolled=user.mfa_enrolled,
            locked_until=(
                user.locked_until
                if user.locked_until is not None and as_utc(user.locked_until) > now
                else None
            ),
            disabled=user.disabled,
            sessions=counts.get(user.id, 0),
            is_viewer=user.id == viewer.user_id,
        )
        for user in users
    ]
    ledger.audit.append("console.users_viewed", viewer.actor, "users", {"count": len(rows)})
    return rows


def add_user(
    ledger: Ledger, keys: KeyManager, viewer: Viewer, email: str, role: Role, password: str
) -> User:
    """Create a user who enrols MFA at their first sign-in (nobody else sees their secret).
    Sign-in asks no workspace, so an address may have one account across all workspaces."""
    if find_login(ledger.scope.session, keys, email) is not None:
        raise InvalidInput("email: this address already has a console account; use another")
    return create_user(ledger, email, role, password, viewer.actor, enrol_now=False).user


def change_role(ledger: Ledger, viewer: Viewer, user_id: str, role: Role) -> None:
    """Give the user ``role`` (it applies at their next request)."""
    user = ledger.users.get(user_id)
    if user.role == role.value:
        raise AdminRefused(f"this user is {role.value} already")
    if user.id == viewer.user_id:
        raise AdminRefused("you cannot change your own role: ask another admin to do it")
    _keep_an_admin(ledger, user)
    previous = user.role
    ledger.users.set_role(user, role)
    ledger.audit.append(
        "console.role_changed", viewer.actor, user.id, {"from": previous, "to": role.value}
    )


def set_enabled(ledger: Ledger, viewer: Viewer, user_id: str, enabled: bool) -> None:
    """Enable the user's sign-in, or disable it and end their sessions at once."""
    user = ledger.users.get(user_id)
    if enabled:
        ledger.users.set_disabled(user, False)
        ledger.audit.append("console.user_enabled", viewer.actor, user.id)
        return
    if user.id == viewer.user_id:
        raise AdminRefused("you cannot disable your own account: ask another admin to do it")
    _keep_an_admin(ledger, user)
    ledger.users.set_disabled(user, True)
    ended = ConsoleSessions(ledger.scope.session).end_all(user.id)
    ledger.audit.append("console.user_disabled", viewer.actor, user.id, {"sessions": ended})


def sign_out_everywhere(ledger: Ledger, viewer: Viewer, user_id: str) -> None:
    """End every session of the user (a lost laptop, a shared computer)."""
    user = ledger.users.get(user_id)
    ended = ConsoleSessions(ledger.scope.session).end_all(user.id)
    ledger.audit.append("console.user_signed_out", viewer.actor, user.id, {"sessions": ended})


def set_password(ledger: Ledger, viewer: Viewer, user_id: str, password_hash: str) -> None:
    """Give the user a new password (hashed by the caller, outside the write lock) and end
    their sessions: a forgotten password, or one that may have leaked. The admin passes it on
    in person or by phone, as with a new account."""
    user = ledger.users.get(user_id)
    ledger.users.set_password_hash(user, password_hash)
    ended = ConsoleSessions(ledger.scope.session).end_all(user.id)
    ledger.audit.append("console.password_set", viewer.actor, user.id, {"sessions": ended})


def reset_mfa(ledger: Ledger, viewer: Viewer, user_id: str) -> None:
    """Forget the user's authenticator and recovery codes and end their sessions: they set up
    a new authenticator at their next sign-in (when their role or the workspace needs one)."""
    user = ledger.users.get(user_id)
    ledger.users.clear_mfa(user)
    ended = ConsoleSessions(ledger.scope.session).end_all(user.id)
    ledger.audit.append("console.mfa_reset", viewer.actor, user.id, {"sessions": ended})


def require_mfa(ledger: Ledger, viewer: Viewer, required: bool) -> None:
    """Require (or stop requiring) a one-time code of every user, not only admins; users
    without an authenticator enrol at their next sign-in."""
    workspace = workspace_of(ledger)
    workspace.mfa_required = required
    ledger.audit.append(
        "console.mfa_requirement_changed", viewer.actor, workspace.id, {"required": required}
    )


def _keep_an_admin(ledger: Ledger, leaving: User) -> None:
    """AdminRefused when ``leaving`` is the last enabled admin. The acting admin cannot remove
    themselves, so this is reached when two admins remove each other at the same moment: the
    second change finds the first already made."""
    if leaving.role != Role.ADMIN or leaving.disabled:
        return
    others = [
        user
        for user in ledger.users.all()
        if user.id != leaving.id and user.role == Role.ADMIN and not user.disabled
    ]
    if not others:
        raise AdminRefused(
            "the workspace must keep at least one enabled admin: make another user admin first"
        )
