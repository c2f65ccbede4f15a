"""What every repository of one workspace shares: the session, the workspace and its keys."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from store.keys import WorkspaceKeys


@dataclass(frozen=True)
class Scope:
    """A unit of work bound to one workspace; repositories never look outside it."""

    session: Session
    workspace_id: str
    keys: WorkspaceKeys
