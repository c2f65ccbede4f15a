"""What each role may do. Routes name a permission; only this table maps roles to them, and
``tests/api/console/test_authorisation.py`` walks every route with every role against it."""

from __future__ import annotations

from enum import StrEnum

from store.users import Role


class Permission(StrEnum):
    """One kind of page or action."""

    CONVERSATIONS = "conversations"  # read conversations (decrypted), leads and drafts
    REPLY = "reply"  # approve, edit or reject drafts; take over; write replies
    AUDIT = "audit"  # the audit log, processing records and the ROPA: never message content
    ADMIN = "admin"  # users and workspace settings


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.REP: frozenset({Permission.CONVERSATIONS, Permission.REPLY}),
    Role.AUDITOR: frozenset({Permission.AUDIT}),
}


def allows(role: Role, permission: Permission) -> bool:
    """Whether ``role`` may use pages and actions needing ``permission``."""
    return permission in ROLE_PERMISSIONS[role]
