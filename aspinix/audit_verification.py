"""Verifying one workspace's audit chain and raising the alarm when it is broken: the one way
``aspinix audit verify`` and the console's "Verify chain" button do it."""

from __future__ import annotations

from sqlalchemy import Connection

from guardrails.alerts import AlertSink, SecurityEvent, SecurityEventKind
from store.audit import SignedHead, Verification, verify_chain
from store.crypto import MasterKeyRing


def verify_or_alert(
    connection: Connection,
    workspace_id: str,
    alerts: AlertSink,
    expected: SignedHead | None = None,
    ring: MasterKeyRing | None = None,
) -> Verification:
    """Verify the workspace's chain; a broken one raises AUDIT_VERIFICATION_FAILED (the
    outcome is returned either way, for the caller to report).

    Nothing is appended to the chain here: a chain found broken must be left exactly as it
    was found, and a caller that records a successful check does so itself.
    """
    result = verify_chain(connection, workspace_id, expected, ring)
    if not result.ok:
        alerts.raise_alert(SecurityEvent(SecurityEventKind.AUDIT_VERIFICATION_FAILED, workspace_id))
    return result
