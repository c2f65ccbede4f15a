"""Console users of one workspace: e-mail encrypted and blind-indexed, role, password hash,
TOTP secret (encrypted), recovery-code digests, failed sign-ins and lockout.

The store keeps what the console's account logic hands it; hashing passwords and checking
codes is ``api.console.accounts``' job, so this module knows no cryptography beyond the
workspace's own cipher and index.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.errors import InvalidInput
from store.keys import KeyManager
from store.models import User, Workspace, new_id
from store.scope import Scope

EMAIL_COLUMN = "users.email"
TOTP_COLUMN = "users.totp_secret"
_INDEX_KIND = "user_email"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class Role(StrEnum):
    """What a user may do: ``admin`` everything; ``rep`` conversations, drafts and leads;
    ``auditor`` the audit log, processing records and ROPA, never message content."""

    ADMIN = "admin"
    REP = "rep"
    AUDITOR = "auditor"


def normalise_email(email: str) -> str:
    """The address as users are found by: trimmed and lower-cased; InvalidInput when it is
    not an address."""
    normalised = email.strip().lower()
    if len(normalised) > 254 or not _EMAIL.match(normalised):
        raise InvalidInput("email: give an address such as name@example.com")
    return normalised


def find_login(session: Session, keys: KeyManager, email: str) -> tuple[User, str] | None:
    """The user signing in with ``email``, with their workspace's slug: the sign-in page asks
    no workspace, and each workspace indexes addresses with its own key, so every workspace's
    index of the address is asked for at once. None when no user has it (or it is malformed)."""
    try:
        normalised = normalise_email(email)
    except InvalidInput:
        return None
    wanted: dict[tuple[str, str], str] = {}
    for workspace in session.scalars(select(Workspace)):
        digest = keys.for_workspace(session, workspace.id).index.digest(_INDEX_KIND, normalised)
        wanted[(workspace.id, digest)] = workspace.slug
    if not wanted:
        return None
    digests = {digest for _, digest in wanted}
    for user in session.scalars(select(User).where(User.email_index.in_(digests))):
        slug = wanted.get((user.workspace_id, user.email_index))
        if slug is not None:
            return user, slug
    return None


class Users:
    """The console users of one workspace."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def _index(self, email: str) -> str:
        return self._scope.keys.index.digest(_INDEX_KIND, normalise_email(email))

    def create(self, email: str, role: Role, password_hash: str) -> User:
        """A new user; InvalidInput when the address is taken in this workspace."""
        index = self._index(email)
        if self.find(email) is not None:
            raise InvalidInput("email: a user with this address exists already")
        user = User(
            id=new_id(),
            workspace_id=self._scope.workspace_id,
            email_ct=self._scope.keys.cipher.encrypt(normalise_email(email), EMAIL_COLUMN),
            email_index=index,
            role=role.value,
            password_hash=password_hash,
            mfa_enrolled=False,
            recovery_codes=[],
            failed_logins=0,
            disabled=False,
        )
        self._scope.session.add(user)
        self._scope.session.flush()
        return user

    def find(self, email: str) -> User | None:
        """The user with this address in this workspace."""
        return self._scope.session.scalars(
            select(User).where(
                User.workspace_id == self._scope.workspace_id,
                User.email_index == self._index(email),
            )
        ).first()

    def get(self, user_id: str) -> User:
        """The user, if they belong to this workspace; NotFound otherwise."""
        return self._scope.owned(User, user_id, "user")

    def all(self) -> list[User]:
        """Every user of the workspace, oldest first."""
        return list(
            self._scope.session.scalars(
                select(User)
                .where(User.workspace_id == self._scope.workspace_id)
                .order_by(User.created_at, User.id)
            )
        )

    def email(self, user: User) -> str:
        """The user's decrypted address."""
        return self._scope.keys.cipher.decrypt(user.email_ct, EMAIL_COLUMN)

    def totp_secret(self, user: User) -> str | None:
        """The user's decrypted TOTP secret, if one was issued."""
        if user.totp_secret_ct is None:
            return None
        return self._scope.keys.cipher.decrypt(user.totp_secret_ct, TOTP_COLUMN)

    def issue_totp(self, user: User, secret: str) -> None:
        """Give the user a new TOTP secret, not enrolled until a code confirms it."""
        user.totp_secret_ct = self._scope.keys.cipher.encrypt(secret, TOTP_COLUMN)
        user.mfa_enrolled = False
        user.totp_last_step = None

    def clear_mfa(self, user: User) -> None:
        """Forget the user's authenticator and recovery codes: they enrol again at their next
        sign-in (a lost phone, or a secret that may have been seen)."""
        user.totp_secret_ct = None
        user.mfa_enrolled = False
        user.totp_last_step = None
        user.recovery_codes = []

    def set_password_hash(self, user: User, password_hash: str) -> None:
        """Replace the user's password (its hash); a lockout from guessing the old one ends."""
        user.password_hash = password_hash
        user.failed_logins = 0
        user.locked_until = None

    def set_recovery_codes(self, user: User, digests: list[str]) -> None:
        """Replace the user's recovery codes (their digests)."""
        user.recovery_codes = list(digests)

    def consume_recovery_code(self, user: User, digest: str) -> bool:
        """Use up one recovery code; False when it is not one of the user's."""
        if digest not in user.recovery_codes:
            return False
        user.recovery_codes = [code for code in user.recovery_codes if code != digest]
        return True

    def accept_step(self, user: User, step: int) -> bool:
        """Record that the TOTP code of time step ``step`` was used; False when that step (or
        a later one) was used already, so a code seen over a shoulder cannot be replayed."""
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False
        user.totp_last_step = step
        return True

    def record_failure(self, user: User, limit: int, lock_until: datetime) -> bool:
        """Count a failed sign-in; lock the account until ``lock_until`` at ``limit`` failures
        in a row. True when this failure locked it."""
        user.failed_logins += 1
        if user.failed_logins >= limit:
            user.failed_logins = 0
            user.locked_until = lock_until
            return True
        return False

    def record_success(self, user: User) -> None:
        """A successful sign-in resets the failure count."""
        user.failed_logins = 0
        user.locked_until = None

    def set_disabled(self, user: User, disabled: bool) -> None:
        """Disable (or re-enable) the user's sign-in."""
        user.disabled = disabled

    def set_role(self, user: User, role: Role) -> None:
        """Change what the user may do."""
        user.role = role.value
