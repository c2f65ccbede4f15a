"""Reading processing records back, newest first, a page at a time: the auditor's view of
what was sent where and why (the records hold no payloads, names or message text)."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from store.models import ProcessingRecord
from store.scope import Scope


class ProcessingRecords:
    """The processing records of one workspace, for reading."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope

    def newest(self, limit: int, before_id: str | None = None) -> list[ProcessingRecord]:
        """Up to ``limit`` records, newest first; ``before_id`` (a record of this workspace,
        NotFound otherwise) continues after that record. Ids are random, so the order is
        (time, id): records written in the same instant still page without gaps or repeats."""
        query = select(ProcessingRecord).where(
            ProcessingRecord.workspace_id == self._scope.workspace_id
        )
        if before_id is not None:
            after = self._scope.owned(ProcessingRecord, before_id, "processing record")
            query = query.where(
                or_(
                    ProcessingRecord.created_at < after.created_at,
                    and_(
                        ProcessingRecord.created_at == after.created_at,
                        ProcessingRecord.id < after.id,
                    ),
                )
            )
        newest_first = (ProcessingRecord.created_at.desc(), ProcessingRecord.id.desc())
        return list(self._scope.session.scalars(query.order_by(*newest_first).limit(limit)))
