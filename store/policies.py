"""Guardrail policy versions: who changed what, when; the highest version is in force.

The YAML file (``ASPINIX_POLICY_FILE`` or the shipped default) becomes version 1 of a workspace.
Running workers follow the store through :class:`PolicyFollower`: each unit of work that answers
a message asks it for an engine under the workspace's newest version, so a saved version
applies from the next message on, without a restart.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from guardrails.entities import EntityType
from guardrails.policy import Policy, parse_policy, policy_yaml
from store.audit import AuditLog
from store.models import PolicyVersion

if TYPE_CHECKING:  # the engine loads spaCy; ledger commands must not pay for it
    from guardrails.engine import GuardrailEngine


class PolicyVersions:
    """The policy history of one workspace."""

    def __init__(self, session: Session, workspace_id: str, audit: AuditLog) -> None:
        self._session = session
        self.workspace_id = workspace_id
        self._audit = audit

    def current(self) -> PolicyVersion | None:
        """The version in force, or None before the first one is saved."""
        return self._session.scalars(
            select(PolicyVersion)
            .where(PolicyVersion.workspace_id == self.workspace_id)
            .order_by(PolicyVersion.version.desc())
            .limit(1)
        ).first()

    def save(self, policy_yaml: str, author: str, note: str = "") -> PolicyVersion:
        """Validate and store a new version (PolicyError names a bad field); audited with the
        names of the settings it changes (never the note or an allow-list term: free text)."""
        policy = parse_policy(policy_yaml, "the new policy")
        current = self.current()
        version = PolicyVersion(
            workspace_id=self.workspace_id,
            version=(current.version if current else 0) + 1,
            policy_yaml=policy_yaml,
            author=author,
            note=note,
        )
        self._session.add(version)
        self._session.flush()
        changed = (
            changed_settings(parse_policy(current.policy_yaml, "the stored policy"), policy)
            if current is not None
            else []
        )
        self._audit.append(
            "policy.changed",
            author,
            f"policy:{version.version}",
            {"changed": changed, "noted": bool(note)},
        )
        return version

    def ensure_initial(self, policy_yaml: str) -> PolicyVersion:
        """The version in force, saving ``policy_yaml`` (the file) as version 1 if none is.

        Two workers may meet a new workspace at once; on PostgreSQL the second one's insert
        then fails on the key, inside a savepoint, and it takes the version the first saved."""
        current = self.current()
        if current is not None:
            return current
        try:
            with self._session.begin_nested():
                return self.save(policy_yaml, "system", "initial version from file")
        except IntegrityError:
            saved = self.current()
            if saved is None:
                raise
            return saved

    def history(self) -> list[PolicyVersion]:
        """Every version, newest first."""
        return list(
            self._session.scalars(
                select(PolicyVersion)
                .where(PolicyVersion.workspace_id == self.workspace_id)
                .order_by(PolicyVersion.version.desc())
            )
        )


def changed_settings(before: Policy, after: Policy) -> list[str]:
    """The dotted names of the settings ``after`` changes, with each entity type's rule
    resolved through the defaults: codes for the audit log."""
    old = _settings(before)
    return sorted(name for name, value in _settings(after).items() if old.get(name) != value)


def _settings(policy: Policy) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "allow_list": sorted(policy.allow_list),
        "time_budget_ms": policy.time_budget_ms,
        "max_text_chars": policy.max_text_chars,
    }
    for entity_type in EntityType:
        rule = policy.rule_for(entity_type)
        for name, value in rule.model_dump(mode="json").items():
            settings[f"entities.{entity_type.value}.{name}"] = value
    return settings


class PolicyFollower:
    """Gives each unit of work an engine under its workspace's newest stored policy version.

    One engine (the language model and recognisers, loaded once per process) serves every
    workspace: each workspace gets a view of it bound to its own policy
    (``GuardrailEngine.with_policy``), kept until a newer version is stored. Nothing shared is
    switched in place, so a policy applies to its own workspace's messages only, and a thread
    halfway through a text finishes under the version it started with while the next message
    gets the new one. The check costs one indexed query per unit of work; a workspace with no
    stored version starts from the engine's own policy (the file's), saved as version 1.
    """

    def __init__(self, engine: GuardrailEngine) -> None:
        self._engine = engine
        self._initial_yaml = policy_yaml(engine.policy)
        self._views: dict[str, tuple[int, GuardrailEngine]] = {}
        self._lock = threading.Lock()

    def engine_for(self, versions: PolicyVersions) -> GuardrailEngine:
        """The engine under the newest version of ``versions``' workspace (PolicyError when a
        stored version cannot be applied here: the message waits rather than go unguarded)."""
        current = versions.ensure_initial(self._initial_yaml)
        with self._lock:
            cached = self._views.get(versions.workspace_id)
        if cached is not None and cached[0] == current.version:
            return cached[1]
        view = self._engine.with_policy(
            parse_policy(current.policy_yaml, f"stored policy version {current.version}")
        )
        with self._lock:
            newest = self._views.get(versions.workspace_id)
            if newest is None or newest[0] < current.version:
                self._views[versions.workspace_id] = (current.version, view)
        return view
