"""``aspinix audit verify|head``: prove the audit log is intact, and pin its head.

``verify`` recomputes every workspace's chain (or one's) and names the first bad entry; with
``--expect-head`` it also checks a head printed earlier by ``head``, which catches a chain cut
short or rewritten wholesale by someone without the master key.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from aspinix.alerting import LogAndWebhookAlerts
from aspinix.audit_verification import verify_or_alert
from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from store.audit import SignedHead, sign_head
from store.errors import InvalidInput, NotFound
from store.models import Workspace
from store.workspaces import get_workspace


def _read_head(value: str) -> SignedHead:
    """A head given inline as JSON, or as the path of a file holding it."""
    path = Path(value)
    raw = path.read_text(encoding="utf-8") if not value.lstrip().startswith("{") else value
    return SignedHead.from_json(raw)


def run_audit_verify(settings: Settings, workspace: str | None, expect_head: str | None) -> int:
    """Exit 0 with the count of verified entries; 1 naming the first bad entry."""
    context = open_store(settings)
    try:
        expected = _read_head(expect_head) if expect_head else None
        with context.database.session() as session:
            if expected is not None:
                workspace_ids = [expected.workspace_id]
            elif workspace:
                workspace_ids = [get_workspace(session, workspace).id]
            else:
                workspace_ids = list(session.scalars(select(Workspace.id).order_by(Workspace.slug)))
    except (OSError, InvalidInput, NotFound) as exc:
        print(f"aspinix: {exc}", file=sys.stderr)
        return 1
    total, failed = 0, False
    alerts = LogAndWebhookAlerts(settings.alert_webhook_url)
    with context.database.engine.connect() as connection:
        for workspace_id in workspace_ids:
            result = verify_or_alert(connection, workspace_id, alerts, expected, context.keys.ring)
            total += result.verified
            if not result.ok:
                failed = True
                print(
                    f"audit chain of workspace {workspace_id} is broken: {result.problem}",
                    file=sys.stderr,
                )
    if failed:
        return 1
    print(f"verified {total} audit entries in {len(workspace_ids)} workspace(s)")
    return 0


def run_audit_head(settings: Settings) -> int:
    """Print the configured workspace's chain head, signed, as one line of JSON."""
    context = open_store(settings)
    try:
        with context.database.session() as session:
            workspace_id = get_workspace(session, settings.workspace).id
    except NotFound as exc:
        print(f"aspinix: {exc}", file=sys.stderr)
        return 1
    with context.database.engine.connect() as connection:
        print(sign_head(connection, workspace_id, context.keys.ring).to_json())
    return 0
