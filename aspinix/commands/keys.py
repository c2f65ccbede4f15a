"""``aspinix keys generate|rotate``: master keys and the rotation of workspace keys.

To rotate the master key without downtime: generate a new key, set ASPINIX_MASTER_KEY to
"NEW,OLD" everywhere (processes accept both), run ``aspinix keys rotate`` (it re-wraps every data
key under NEW), then drop OLD from the setting.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from store.audit import AuditLog
from store.crypto import encode_key, new_key
from store.models import Workspace


def run_keys_generate() -> int:
    """Print a fresh master key for ASPINIX_MASTER_KEY."""
    print(encode_key(new_key()))
    return 0


def run_keys_rotate(settings: Settings, new_data_keys: bool) -> int:
    """Re-wrap all keys under the current master key; optionally start new data keys."""
    context = open_store(settings)
    with context.database.ledger_session() as session:
        report = context.keys.rotate(session, new_data_keys=new_data_keys)
        for workspace_id in session.scalars(select(Workspace.id)):
            AuditLog(session, workspace_id).append(
                "keys.rotated", context.actor, details=report.__dict__
            )
    print(json.dumps(report.__dict__))
    return 0
