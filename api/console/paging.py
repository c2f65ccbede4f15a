"""Pages of newest-first lists (the audit log, processing records): a page of rows and the
cursor of the next, older page, found by asking the store for one row more than a page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows to show, and the ``before`` cursor of the older page (None on the last page)."""

    rows: list[T]
    older: str | None


def page_of(fetched: list[T], size: int, cursor: Callable[[T], str]) -> Page[T]:
    """The page in ``fetched`` (asked for with ``limit=size + 1``): the extra row only says
    that an older page exists."""
    rows = fetched[:size]
    older = cursor(rows[-1]) if len(fetched) > size else None
    return Page(rows, older)
