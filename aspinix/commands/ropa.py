"""``aspinix ropa export``: the record of processing activities, as JSON or CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from store.errors import NotFound
from store.ropa import RopaFormat, build_ropa, ropa_document
from store.workspaces import get_workspace


def run_ropa_export(settings: Settings, fmt: str, output: str | None) -> int:
    """Write the configured workspace's ROPA to ``output`` or stdout."""
    context = open_store(settings)
    try:
        with context.database.session() as session:
            rows = build_ropa(
                session, get_workspace(session, settings.workspace), context.catalogue
            )
    except NotFound as exc:
        print(f"aspinix: {exc}", file=sys.stderr)
        return 1
    document = ropa_document(rows, RopaFormat(fmt))
    if output:
        Path(output).write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document if document.endswith("\n") else document + "\n")
    return 0
