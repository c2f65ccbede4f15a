"""Workspaces: the businesses using Aspinix, each an island of data and keys."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.errors import InvalidInput, NotFound
from store.models import Workspace

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _find(session: Session, slug: str) -> Workspace | None:
    return session.scalars(select(Workspace).where(Workspace.slug == slug)).first()


def get_workspace(session: Session, slug: str) -> Workspace:
    """The workspace called ``slug``, or NotFound."""
    workspace = _find(session, slug)
    if workspace is None:
        raise NotFound(f"no workspace {slug!r}")
    return workspace


def ensure_workspace(session: Session, slug: str, name: str | None = None) -> Workspace:
    """The workspace called ``slug``, created when missing."""
    if not _SLUG.match(slug):
        raise InvalidInput(f"workspace slug {slug!r}: use lower-case letters, digits and '-'")
    existing = _find(session, slug)
    if existing is not None:
        return existing
    workspace = Workspace(slug=slug, name=name or slug)
    try:
        with session.begin_nested():  # another process may be creating it at this moment
            session.add(workspace)
    except IntegrityError:
        return get_workspace(session, slug)
    return workspace
