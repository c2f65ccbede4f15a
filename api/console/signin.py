"""Signing in: password, then (when required) a one-time code or a recovery code, or first
the enrolment of an authenticator app.

Each step ends in a new session token: the token a browser held before (a pending step's, or
one an attacker planted) is never promoted, which is what defeats session fixation. Failed
steps count against the account; five in a row lock it for fifteen minutes, raise an alert and
leave an audit entry. Passwords are verified outside any transaction, so Argon2's deliberate
slowness never holds the database's write lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from api.console.accounts import (
    enrolment_uri,
    matching_step,
    password_matches,
    recovery_digest,
)
from api.console.user_accounts import finish_enrolment, mfa_required, start_enrolment
from guardrails.alerts import AlertSink, SecurityEvent, SecurityEventKind
from store.console_sessions import ConsoleSessions, Stage
from store.ledger import Ledger, Ledgers
from store.models import User, Workspace, as_utc, utcnow
from store.users import find_login

LOCK_AFTER_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
PENDING_LIFETIME = timedelta(minutes=10)


class Result(StrEnum):
    """Where a sign-in step left the browser."""

    SIGNED_IN = "signed_in"
    NEED_CODE = "need_code"
    NEED_ENROLMENT = "need_enrolment"
    REJECTED = "rejected"
    LOCKED = "locked"


@dataclass(frozen=True)
class Outcome:
    """A step's result, the new session token (if any) and, after enrolling, the recovery
    codes to show once."""

    result: Result
    token: str | None = None
    recovery_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SessionTimes:
    """How long sessions last."""

    lifetime: timedelta
    idle: timedelta


def _actor(user: User) -> str:
    return f"user:{user.id}"


def _totp_accepted(ledger: Ledger, user: User, code: str) -> bool:
    """Whether ``code`` is the user's current TOTP code, not used before (it is then used)."""
    secret = ledger.users.totp_secret(user)
    step = matching_step(secret, code) if secret else None
    return step is not None and ledger.users.accept_step(user, step)


class SignIn:
    """The sign-in steps over one store."""

    def __init__(
        self, ledgers: Ledgers, alerts: AlertSink, times: SessionTimes, default_workspace: str
    ) -> None:
        self._ledgers = ledgers
        self._alerts = alerts
        self._times = times
        self._default_workspace = default_workspace

    def with_password(self, email: str, password: str) -> Outcome:
        """The first step. Unknown addresses cost the same Argon2 work as wrong passwords."""
        with self._ledgers.database.session() as session:
            found = find_login(session, self._ledgers.keys, email)
            stored_hash = found[0].password_hash if found else None
        matches = password_matches(stored_hash, password)
        if found is None:
            with self._ledgers.open(self._default_workspace, "console") as ledger:
                ledger.audit.append(
                    "console.sign_in_failed", "console", "unknown", {"reason": "unknown_user"}
                )
            return Outcome(Result.REJECTED)
        user_id, slug = found[0].id, found[1]
        with self._ledgers.open(slug, f"user:{user_id}") as ledger:
            user = ledger.users.get(user_id)
            refusal = self._refusal(ledger, user)
            if refusal is not None:
                return Outcome(refusal)
            if not matches:
                return Outcome(self._failed(ledger, user, "password"))
            if not mfa_required(ledger, user) and not user.mfa_enrolled:
                return Outcome(Result.SIGNED_IN, self._signed_in(ledger, user, "password"))
            sessions = ConsoleSessions(ledger.scope.session)
            if user.mfa_enrolled:
                token = sessions.start(user, Stage.MFA, PENDING_LIFETIME)
                return Outcome(Result.NEED_CODE, token)
            start_enrolment(ledger, user)
            token = sessions.start(user, Stage.ENROL, PENDING_LIFETIME)
            return Outcome(Result.NEED_ENROLMENT, token)

    def with_code(self, pending_token: str, code: str) -> Outcome:
        """The second step: a TOTP code (each time step once) or an unused recovery code."""
        with self._pending(pending_token, Stage.MFA) as (ledger, user):
            refusal = self._refusal(ledger, user)
            if refusal is not None or user is None:
                return Outcome(refusal or Result.REJECTED)
            if _totp_accepted(ledger, user, code):
                method = "totp"
            elif ledger.users.consume_recovery_code(user, recovery_digest(code)):
                method = "recovery_code"
            else:
                return Outcome(self._failed(ledger, user, "code"))
            ConsoleSessions(ledger.scope.session).end(pending_token)
            return Outcome(Result.SIGNED_IN, self._signed_in(ledger, user, method))

    def enrolment_uri(self, pending_token: str) -> str | None:
        """The pending enrolment's URI, for the QR code; None when the step is not pending."""
        with self._pending(pending_token, Stage.ENROL) as (ledger, user):
            if user is None:
                return None
            secret = ledger.users.totp_secret(user)
            return enrolment_uri(secret, ledger.users.email(user)) if secret else None

    def enrol(self, pending_token: str, code: str) -> Outcome:
        """Confirm the new authenticator with a code; signs in and returns recovery codes."""
        with self._pending(pending_token, Stage.ENROL) as (ledger, user):
            refusal = self._refusal(ledger, user)
            if refusal is not None or user is None:
                return Outcome(refusal or Result.REJECTED)
            if not _totp_accepted(ledger, user, code):
                return Outcome(self._failed(ledger, user, "enrolment_code"))
            codes = finish_enrolment(ledger, user, _actor(user))
            ConsoleSessions(ledger.scope.session).end(pending_token)
            token = self._signed_in(ledger, user, "totp")
            return Outcome(Result.SIGNED_IN, token, codes)

    # -- the rules -------------------------------------------------------------------------------

    @contextmanager
    def _pending(self, token: str, stage: Stage) -> Iterator[tuple[Ledger, User | None]]:
        """The ledger of the workspace a pending session belongs to, and its user; the user
        is None when ``token`` is no live session at ``stage``."""
        with self._ledgers.database.session() as session:
            found = ConsoleSessions(session).find(token, self._times.idle)
            workspace = session.get(Workspace, found[0].workspace_id) if found else None
            user_id = found[1].id if found and found[0].stage == stage else None
            slug = workspace.slug if workspace is not None else self._default_workspace
        with self._ledgers.open(slug, "console") as ledger:
            yield ledger, ledger.users.get(user_id) if user_id is not None else None

    def _refusal(self, ledger: Ledger, user: User | None) -> Result | None:
        """Why this user may not take a sign-in step now (None: they may, or there is no
        user, which the caller refuses itself)."""
        if user is None:
            return None
        if user.disabled:
            ledger.audit.append(
                "console.sign_in_failed", _actor(user), user.id, {"reason": "disabled"}
            )
            return Result.REJECTED
        if user.locked_until is not None and as_utc(user.locked_until) > utcnow():
            ledger.audit.append(
                "console.sign_in_failed", _actor(user), user.id, {"reason": "locked"}
            )
            return Result.LOCKED
        return None

    def _failed(self, ledger: Ledger, user: User, what: str) -> Result:
        locked = ledger.users.record_failure(user, LOCK_AFTER_FAILURES, utcnow() + LOCK_FOR)
        ledger.audit.append("console.sign_in_failed", _actor(user), user.id, {"reason": what})
        if not locked:
            return Result.REJECTED
        ConsoleSessions(ledger.scope.session).end_all(user.id)
        ledger.audit.append(
            "console.account_locked", _actor(user), user.id, {"minutes": LOCK_FOR.seconds // 60}
        )
        self._alerts.raise_alert(
            SecurityEvent(
                SecurityEventKind.CONSOLE_ACCOUNT_LOCKED,
                ledger.scope.workspace_id,
                {"failures": LOCK_AFTER_FAILURES},
            )
        )
        return Result.LOCKED

    def _signed_in(self, ledger: Ledger, user: User, method: str) -> str:
        ledger.users.record_success(user)
        ledger.audit.append("console.signed_in", _actor(user), user.id, {"method": method})
        sessions = ConsoleSessions(ledger.scope.session)
        sessions.purge_expired()  # sign-ins are rare enough to tidy up after, no job needed
        return sessions.start(user, Stage.FULL, self._times.lifetime)
