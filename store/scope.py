"""What every repository of one workspace shares: the session, the workspace and its keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from store.errors import NotFound
from store.keys import WorkspaceKeys
from store.models import Base

RowT = TypeVar("RowT", bound=Base)


@dataclass(frozen=True)
class Scope:
    """A unit of work bound to one workspace; repositories never look outside it."""

    session: Session
    workspace_id: str
    keys: WorkspaceKeys

    def owned(self, model: type[RowT], row_id: str, noun: str) -> RowT:
        """The row with ``row_id`` if it belongs to this workspace; NotFound otherwise, with
        the same message whether it is missing or another workspace's."""
        row = self.session.get(model, row_id)
        if row is None or getattr(row, "workspace_id", None) != self.workspace_id:
            raise NotFound(f"no {noun} {row_id} in this workspace")
        return row
