"""Guardrail policy versions: who changed what, when; the highest version is in force.

The YAML file (``ASPINIX_POLICY_FILE`` or the shipped default) becomes version 1 of a workspace.
A running engine follows the store through :class:`PolicyFollower`: each unit of work calls
``refresh``, which swaps the engine's policy when a newer version exists, without a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from guardrails.policy import Policy, parse_policy
from store.audit import AuditLog
from store.models import PolicyVersion

if TYPE_CHECKING:  # the engine loads spaCy; ledger commands must not pay for it
    from guardrails.engine import GuardrailEngine


class PolicyVersions:
    """The policy history of one workspace."""

    def __init__(self, session: Session, workspace_id: str, audit: AuditLog) -> None:
        self._session = session
        self._workspace_id = workspace_id
        self._audit = audit

    def current(self) -> PolicyVersion | None:
        """The version in force, or None before the first one is saved."""
        return self._session.scalars(
            select(PolicyVersion)
            .where(PolicyVersion.workspace_id == self._workspace_id)
            .order_by(PolicyVersion.version.desc())
            .limit(1)
        ).first()

    def save(self, policy_yaml: str, author: str, note: str = "") -> PolicyVersion:
        """Validate and store a new version (PolicyError names a bad field); audited."""
        parse_policy(policy_yaml, "the new policy")
        current = self.current()
        version = PolicyVersion(
            workspace_id=self._workspace_id,
            version=(current.version if current else 0) + 1,
            policy_yaml=policy_yaml,
            author=author,
            note=note,
        )
        self._session.add(version)
        self._session.flush()
        self._audit.append("policy.changed", author, f"policy:{version.version}", {"note": note})
        return version

    def ensure_initial(self, policy_yaml: str) -> PolicyVersion:
        """The version in force, saving ``policy_yaml`` (the file) as version 1 if none is."""
        return self.current() or self.save(policy_yaml, "system", "initial version from file")

    def history(self) -> list[PolicyVersion]:
        """Every version, newest first."""
        return list(
            self._session.scalars(
                select(PolicyVersion)
                .where(PolicyVersion.workspace_id == self._workspace_id)
                .order_by(PolicyVersion.version.desc())
            )
        )


class PolicyFollower:
    """Keeps one engine on the newest stored policy version of a workspace."""

    def __init__(self, engine: GuardrailEngine) -> None:
        self.engine = engine
        self.version = 0

    def refresh(self, versions: PolicyVersions) -> Policy:
        """Apply a newer stored version if there is one; returns the policy in force."""
        current = versions.current()
        if current is not None and current.version != self.version:
            self.engine.use_policy(parse_policy(current.policy_yaml, "stored policy"))
            self.version = current.version
        return self.engine.policy
