"""Creating console users and enrolling them in MFA: shared by ``aspinix users create``, the
admin's users page and the sign-in pages, so all follow the same rules and leave the same
audit entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.console.accounts import (
    enrolment_uri,
    hash_password,
    new_recovery_codes,
    new_totp_secret,
    recovery_digest,
)
from store.ledger import Ledger
from store.models import User, Workspace
from store.users import Role


@dataclass(frozen=True)
class NewUser:
    """A created user; when MFA was set up on the spot, the enrolment URI and recovery codes,
    shown once."""

    user: User
    enrolment_uri: str | None = None
    recovery_codes: list[str] = field(default_factory=list)


def workspace_of(ledger: Ledger) -> Workspace:
    """The ledger's workspace row."""
    workspace = ledger.scope.session.get(Workspace, ledger.scope.workspace_id)
    assert workspace is not None  # the ledger created or found it
    return workspace


def mfa_required(ledger: Ledger, user: User) -> bool:
    """Admins always use a one-time code; everyone does when the workspace says so."""
    return user.role == Role.ADMIN or workspace_of(ledger).mfa_required


def create_user(
    ledger: Ledger, email: str, role: Role, password: str, actor: str, *, enrol_now: bool
) -> NewUser:
    """Create a user (WeakPassword, or InvalidInput naming the field, when refused).

    ``enrol_now`` (the CLI, where the account's owner is at the terminal) sets up MFA at once
    for a user who needs it and returns the URI and recovery codes to show them. Otherwise
    (an admin creating a colleague) the owner enrols at their first sign-in, so nobody but
    them ever sees their secret."""
    user = ledger.users.create(email, role, hash_password(password))
    ledger.audit.append("console.user_created", actor, user.id, {"role": role.value})
    if not (enrol_now and mfa_required(ledger, user)):
        return NewUser(user)
    uri = start_enrolment(ledger, user)
    return NewUser(user, uri, finish_enrolment(ledger, user, actor))


def start_enrolment(ledger: Ledger, user: User) -> str:
    """Issue the user a new TOTP secret, not yet confirmed; returns its enrolment URI."""
    secret = new_totp_secret()
    ledger.users.issue_totp(user, secret)
    return enrolment_uri(secret, ledger.users.email(user))


def finish_enrolment(ledger: Ledger, user: User, actor: str) -> list[str]:
    """Mark the user's secret enrolled and give them fresh recovery codes (returned once)."""
    codes = new_recovery_codes()
    user.mfa_enrolled = True
    ledger.users.set_recovery_codes(user, [recovery_digest(code) for code in codes])
    ledger.audit.append("console.mfa_enrolled", actor, user.id)
    return codes
