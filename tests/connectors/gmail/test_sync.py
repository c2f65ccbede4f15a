"""Reading a connected mailbox into the store, against the fake Google: new mail stored once
and queued for an answer, automated mail only marked seen, an expired history resynced, a
revoked token marking the mailbox, watches renewed, polling queueing every mailbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from connectors.gmail.credentials import load_authorized_user, to_authorized_user_info
from connectors.gmail.mailbox_clients import MailboxClients
from connectors.gmail.sync import MailboxSync
from connectors.gmail.watch import WatchRenewer
from fakes.gmail_api import FakeGoogle
from fakes.mail import prospect_mail
from guardrails.alerts import SecurityEvent, SecurityEventKind
from jobs.mail_poller import MailPoller
from store.ledger import Ledgers
from store.mailboxes import MailboxStatus
from store.models import Message, SeenMail, utcnow
from tests.store_fixtures import StoreEnv


class Alerts:
    def __init__(self) -> None:
        self.events: list[SecurityEvent] = []

    def raise_alert(self, event: SecurityEvent) -> None:
        self.events.append(event)


class Queued(list[tuple[str, str]]):
    def __call__(self, workspace: str, message_id: str) -> None:
        self.append((workspace, message_id))


@pytest.fixture
def ledgers(store: StoreEnv) -> Ledgers:
    return Ledgers(store.database, store.keys, store.catalogue)


def _connect(store: StoreEnv, google: FakeGoogle) -> str:
    credentials = load_authorized_user(google.authorized_user_info(google.issue_refresh_token()))
    with store.ledger() as ledger:
        mailbox = ledger.mailboxes.connect(
            google.email_address, to_authorized_user_info(credentials), google.history_id, "test"
        )
        return mailbox.id


def _syncer(ledgers: Ledgers, google: FakeGoogle, queued: Queued, alerts: Alerts) -> MailboxSync:
    clients = MailboxClients(google.base_url, timeout_seconds=5)
    return MailboxSync(ledgers, clients, queued, alerts, owner_prefix="test", resync_limit=10)


def _mail(google: FakeGoogle, sender: str = "asha@lotustex.co.in", **headers: str) -> bytes:
    raw, _ = prospect_mail(
        sender=("Asha Rao", sender), to=google.email_address, subject="Demo?",
        body="Can we see a demo next week?", headers=headers,
    )  # fmt: skip
    return raw


def _inbound_count(store: StoreEnv) -> int:
    with store.database.session() as session:
        return session.scalar(select(func.count()).select_from(Message)) or 0


def test_new_mail_is_stored_once_and_queued(
    store: StoreEnv, ledgers: Ledgers, google: FakeGoogle
) -> None:
    mailbox_id = _connect(store, google)
    queued, alerts = Queued(), Alerts()
    gmail_id, thread_id = google.add_inbound(_mail(google))
    syncer = _syncer(ledgers, google, queued, alerts)
    [result] = syncer.sync(store.workspace, mailbox_id)
    assert result.fetched == 1 and len(result.stored) == 1 and not result.resynced
    assert queued == [(store.workspace, result.stored[0])]
    assert syncer.sync(store.workspace, mailbox_id)[0].fetched == 0  # history moved on
    with store.ledger() as ledger:
        message = ledger.inbox.get(result.stored[0])
        meta = ledger.conversations.meta(message)
        assert (meta["gmail_id"], meta["thread_id"]) == (gmail_id, thread_id)
        assert ledger.mailboxes.get(mailbox_id).history_id == google.history_id


def test_automated_mail_is_marked_seen_and_not_stored(
    store: StoreEnv, ledgers: Ledgers, google: FakeGoogle
) -> None:
    mailbox_id = _connect(store, google)
    google.add_inbound(_mail(google, **{"Auto-Submitted": "auto-replied"}))
    google.add_inbound(_mail(google, sender="news@brand.co.in", Precedence="bulk"))
    before = _inbound_count(store)
    [result] = _syncer(ledgers, google, Queued(), Alerts()).sync(store.workspace, mailbox_id)
    assert result.fetched == 2 and result.stored == ()
    assert _inbound_count(store) == before
    with store.database.session() as session:
        outcomes = set(session.scalars(select(SeenMail.outcome)))
    assert {"auto_reply", "bulk"} <= outcomes


def test_an_expired_history_is_resynced_from_recent_mail_without_repeats(
    store: StoreEnv, ledgers: Ledgers, google: FakeGoogle
) -> None:
    mailbox_id = _connect(store, google)
    syncer = _syncer(ledgers, google, Queued(), Alerts())
    google.add_inbound(_mail(google))
    syncer.sync(store.workspace, mailbox_id)
    google.add_inbound(_mail(google, sender="ravi@lotustex.co.in"))
    google.expire_history_before(int(google.history_id) + 1)
    [result] = syncer.sync(store.workspace, mailbox_id)
    assert result.resynced and len(result.stored) == 1  # the first mail is not stored again


def test_a_revoked_token_marks_the_mailbox_and_alerts(
    store: StoreEnv, ledgers: Ledgers, google: FakeGoogle
) -> None:
    mailbox_id = _connect(store, google)
    google.revoke_all()
    google.expire_access_tokens()
    alerts = Alerts()
    _syncer(ledgers, google, Queued(), alerts).sync(store.workspace, mailbox_id)
    with store.ledger() as ledger:
        assert ledger.mailboxes.get(mailbox_id).status == MailboxStatus.REVOKED
        assert ledger.mailboxes.connected() == []
    assert [event.kind for event in alerts.events] == [SecurityEventKind.MAILBOX_REVOKED]


def test_watches_due_are_renewed_and_polling_queues_each_mailbox(
    store: StoreEnv, ledgers: Ledgers, google: FakeGoogle
) -> None:
    mailbox_id = _connect(store, google)
    clients = MailboxClients(google.base_url, timeout_seconds=5)
    renewer = WatchRenewer(ledgers, clients, "projects/p/topics/t", lambda w, m: None)
    assert renewer.renew_due(store.workspace) == 1
    assert google.watches[-1].topic_name == "projects/p/topics/t"
    with store.ledger() as ledger:
        expires = ledger.mailboxes.get(mailbox_id).watch_expires_at
        assert expires is not None
    assert renewer.renew_due(store.workspace) == 0  # a week left: nothing to do
    with store.ledger() as ledger:
        ledger.mailboxes.get(mailbox_id).watch_expires_at = utcnow() + timedelta(hours=2)
    assert renewer.renew_due(store.workspace) == 1
    queued = Queued()
    assert MailPoller(ledgers, queued, 60).poll_once() >= 1
    assert (store.workspace, mailbox_id) in queued
