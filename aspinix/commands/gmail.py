"""``aspinix gmail connect|disconnect|status``: giving Aspinix a sales mailbox, taking it back,
and seeing where each mailbox stands (a revoked token shows here).

``connect`` runs Google's consent flow with the OAuth client in GMAIL_CLIENT_SECRETS, or, on a
headless server, imports an authorized-user JSON file (``--authorized-user-file``) and
refreshes through that file's own ``token_uri``. Either way it then reads the mailbox's
address and position (``users.getProfile``) and, when GMAIL_PUBSUB_TOPIC is set, starts the
push (``users.watch``) at once. The refresh token is stored encrypted under the workspace's
key; ``disconnect`` revokes it at Google and deletes it.
"""

from __future__ import annotations

import json
import sys
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from google.oauth2.credentials import Credentials

from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from aspinix.startup import StartupError
from connectors.gmail.client import GmailClient
from connectors.gmail.credentials import (
    from_stored,
    load_authorized_user,
    refresh,
    revoke,
    run_consent_flow,
    to_authorized_user_info,
)
from connectors.gmail.errors import GmailError
from store.mailboxes import MailboxStatus
from store.models import Mailbox, as_utc


def _credentials(settings: Settings, authorized_user_file: Path | None) -> Credentials:
    if authorized_user_file is not None:
        try:
            info = json.loads(authorized_user_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StartupError(
                f"cannot read {authorized_user_file} as authorized-user JSON: {exc}"
            ) from exc
        return load_authorized_user(info)
    if settings.gmail_client_secrets is None:
        raise StartupError(
            "set GMAIL_CLIENT_SECRETS to your OAuth client file, or pass --authorized-user-file"
        )
    return run_consent_flow(settings.gmail_client_secrets)


def run_gmail_connect(settings: Settings, authorized_user_file: Path | None) -> int:
    """Connect a mailbox and start reading it from now on."""
    try:
        credentials = _credentials(settings, authorized_user_file)
        refresh(credentials)
        client = GmailClient(credentials, api_base=settings.gmail_api_base)
        profile = client.get_profile()
        watch = client.watch(settings.gmail_pubsub_topic) if settings.gmail_pubsub_topic else None
    except GmailError as exc:
        print(f"aspinix: gmail connect failed: {exc}", file=sys.stderr)
        return 1
    context = open_store(settings)
    with context.ledger() as ledger:
        history_id = watch.history_id if watch is not None else profile.history_id
        mailbox = ledger.mailboxes.connect(
            profile.email_address, to_authorized_user_info(credentials), history_id, context.actor
        )
        if watch is not None:
            ledger.mailboxes.watch_renewed(mailbox, watch.expiration)
        report = _describe(mailbox, profile.email_address)
    print(json.dumps(report, indent=2))
    if watch is None:
        print(
            "no GMAIL_PUBSUB_TOPIC: new mail is read when GMAIL_POLL_SECONDS polls",
            file=sys.stderr,
        )
    return 0


def run_gmail_disconnect(settings: Settings, address: str | None) -> int:
    """Stop the push, revoke the token at Google, and delete it here."""
    context = open_store(settings)
    with context.ledger() as ledger:
        connected = [m for m in ledger.mailboxes.all() if m.credentials_ct is not None]
        if address is not None:
            connected = [m for m in connected if ledger.mailboxes.address(m) == address]
        if len(connected) != 1:
            raise StartupError(
                "no connected mailbox with that address"
                if address is not None or not connected
                else "several mailboxes are connected: name one with --address"
            )
        mailbox_id = connected[0].id
        stored = ledger.mailboxes.credentials(connected[0]) or {}
    credentials = from_stored(stored)
    with suppress(GmailError):  # a revoked or expired grant has no watch left to stop
        GmailClient(credentials, api_base=settings.gmail_api_base).stop()
    try:
        revoke(credentials, settings.gmail_revoke_url)
    except GmailError as exc:
        print(f"aspinix: could not revoke at Google, nothing deleted: {exc}", file=sys.stderr)
        return 1
    with context.ledger() as ledger:
        ledger.mailboxes.disconnect(ledger.mailboxes.get(mailbox_id), context.actor)
    print(json.dumps({"mailbox": mailbox_id, "status": MailboxStatus.DISCONNECTED.value}))
    return 0


def run_gmail_status(settings: Settings) -> int:
    """Every mailbox: connected, revoked (connect again) or disconnected, and its sync."""
    context = open_store(settings)
    with context.ledger() as ledger:
        rows = [_describe(m, ledger.mailboxes.address(m)) for m in ledger.mailboxes.all()]
    print(json.dumps(rows, indent=2))
    return 0


def _describe(mailbox: Mailbox, address: str) -> dict[str, Any]:
    def stamp(value: datetime | None) -> str | None:
        return as_utc(value).isoformat() if value is not None else None

    return {
        "mailbox": mailbox.id,
        "address": address,
        "status": mailbox.status,
        "history_id": mailbox.history_id,
        "watch_expires_at": stamp(mailbox.watch_expires_at),
        "last_sync_at": stamp(mailbox.last_sync_at),
        "last_error": mailbox.last_error,
    }
