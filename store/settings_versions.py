"""A workspace's settings as versions: who changed which section, when, with what note.

An admin saves one section at a time (the purposes catalogue, the privacy notice, the reply
mode, the working hours, the lead-score rubric). Each save is a new row with the next version
number of the workspace, whatever the section, so one cheap query (:meth:`head`) tells a worker
whether anything changed since it last looked. The newest row of a section is in force; a
section never saved falls back to the deployment's environment and files.

The store keeps the text and the audit trail; the caller validates a section before saving it
(the validators of the notice, the hours and the rubric live above the store). The purposes
catalogue is the exception: the ledger itself needs it, so :class:`WorkspaceCatalogues` parses
it here.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from guardrails.consent import PurposeCatalogue, parse_catalogue
from store.audit import AuditLog
from store.models import SettingsVersion

PURPOSES = "purposes"


class SettingsVersions:
    """The settings history of one workspace."""

    def __init__(self, session: Session, workspace_id: str, audit: AuditLog) -> None:
        self._session = session
        self._workspace_id = workspace_id
        self._audit = audit

    def head(self) -> int:
        """The newest version number of any section (0 before the first save)."""
        newest = self._session.scalar(
            select(func.max(SettingsVersion.version)).where(
                SettingsVersion.workspace_id == self._workspace_id
            )
        )
        return int(newest or 0)

    def latest(self, section: str) -> SettingsVersion | None:
        """The version of ``section`` in force, or None when it was never saved."""
        return self._session.scalars(
            select(SettingsVersion)
            .where(
                SettingsVersion.workspace_id == self._workspace_id,
                SettingsVersion.section == section,
            )
            .order_by(SettingsVersion.version.desc())
            .limit(1)
        ).first()

    def current(self) -> dict[str, SettingsVersion]:
        """The version in force of every section saved at least once."""
        newest = (
            select(SettingsVersion.section, func.max(SettingsVersion.version).label("version"))
            .where(SettingsVersion.workspace_id == self._workspace_id)
            .group_by(SettingsVersion.section)
            .subquery()
        )
        rows = self._session.scalars(
            select(SettingsVersion).join(
                newest,
                (SettingsVersion.workspace_id == self._workspace_id)
                & (SettingsVersion.version == newest.c.version),
            )
        )
        return {row.section: row for row in rows}

    def save(
        self,
        section: str,
        body: str,
        author: str,
        note: str = "",
        details: Mapping[str, str | int] | None = None,
    ) -> SettingsVersion:
        """Store ``body`` (already validated) as the next version of ``section``; audited with
        the section, the version and ``details`` (codes only: the note is free text and stays
        out of the log)."""
        version = SettingsVersion(
            workspace_id=self._workspace_id,
            version=self.head() + 1,
            section=section,
            body=body,
            author=author,
            note=note,
        )
        self._session.add(version)
        self._session.flush()
        self._audit.append(
            "settings.changed",
            author,
            f"settings:{version.version}",
            {"section": section, **(details or {})},
        )
        return version

    def history(self, limit: int = 50) -> list[SettingsVersion]:
        """The newest ``limit`` versions of every section, newest first."""
        return list(
            self._session.scalars(
                select(SettingsVersion)
                .where(SettingsVersion.workspace_id == self._workspace_id)
                .order_by(SettingsVersion.version.desc())
                .limit(limit)
            )
        )


class WorkspaceCatalogues:
    """The purposes catalogue in force per workspace: the saved one, or the deployment's.

    Parsed once per saved version and kept, so a unit of work pays one small query to learn
    whether an admin changed it; the next unit of work after a save uses the new catalogue.
    """

    def __init__(self, default: PurposeCatalogue) -> None:
        self.default = default
        self._parsed: dict[str, tuple[int, PurposeCatalogue]] = {}
        self._lock = threading.Lock()

    def for_workspace(self, session: Session, workspace_id: str) -> PurposeCatalogue:
        """The catalogue in force for ``workspace_id`` now."""
        latest = session.execute(
            select(SettingsVersion.version, SettingsVersion.body)
            .where(
                SettingsVersion.workspace_id == workspace_id,
                SettingsVersion.section == PURPOSES,
            )
            .order_by(SettingsVersion.version.desc())
            .limit(1)
        ).first()
        if latest is None:
            return self.default
        version, body = latest
        with self._lock:
            cached = self._parsed.get(workspace_id)
            if cached is None or cached[0] != version:
                cached = (version, parse_catalogue(body, f"saved purposes (version {version})"))
                self._parsed[workspace_id] = cached
            return cached[1]
