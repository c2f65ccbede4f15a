"""``aspinix users create|list``: console accounts from the terminal. The first admin is made
this way: the password comes from a prompt (or from stdin when stdin is not a terminal), and an
account that must use MFA gets its TOTP enrolment URI and recovery codes printed, once."""

from __future__ import annotations

import getpass
import sys

from api.console.errors import WeakPassword
from api.console.user_accounts import create_user
from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from aspinix.startup import StartupError
from store.errors import InvalidInput
from store.users import Role, find_login


def read_password() -> str:
    """A new password: typed twice at a terminal, or the first line of piped stdin."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise StartupError("no password on stdin: pipe it in, or run at a terminal")
        return line.rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise StartupError("the two passwords differ; nothing was created")
    return first


def run_users_create(settings: Settings, email: str, role: str, workspace: str | None) -> int:
    """Create a console user in ``workspace`` (default: ASPINIX_WORKSPACE)."""
    try:
        chosen = Role(role)
    except ValueError:
        raise StartupError(
            f"--role {role!r}: use one of {', '.join(r.value for r in Role)}"
        ) from None
    password = read_password()
    context = open_store(settings)
    slug = workspace or settings.workspace
    try:
        with context.database.session() as session:
            if find_login(session, context.keys, email) is not None:
                raise InvalidInput("email: a user with this address exists already")
        with context.ledgers().open(slug, context.actor) as ledger:
            created = create_user(ledger, email, chosen, password, context.actor, enrol_now=True)
            user_id = created.user.id
    except (InvalidInput, WeakPassword) as exc:
        raise StartupError(str(exc)) from exc
    finally:
        context.database.dispose()
    print(f"created {chosen.value} {user_id} in workspace {slug}")
    if created.enrolment_uri is not None:
        print("This account signs in with a one-time code. Add it to an authenticator app:")
        print(created.enrolment_uri)
        print("Recovery codes (each works once; keep them safe, they are not shown again):")
        for code in created.recovery_codes:
            print(f"  {code}")
    return 0


def run_users_list(settings: Settings, workspace: str | None) -> int:
    """Each user of the workspace: id, role, MFA, locked or disabled. No addresses: the
    terminal's scrollback is not the place for them."""
    context = open_store(settings)
    try:
        with context.ledgers().open(workspace or settings.workspace, context.actor) as ledger:
            for user in ledger.users.all():
                flags = [f"mfa={'on' if user.mfa_enrolled else 'off'}"]
                if user.disabled:
                    flags.append("disabled")
                print(f"{user.id}\t{user.role}\t{' '.join(flags)}")
    finally:
        context.database.dispose()
    return 0
