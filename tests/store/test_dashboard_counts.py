"""The dashboard's counts, on SQLite and PostgreSQL: conversations by lead priority and by
stage, drafts waiting for review, and the guardrail's activity per day, each scoped to one
workspace."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from store.guardrail_activity import guardrail_activity, last_days
from store.ledger import Ledger
from store.models import Conversation
from store.outbox import Delivery
from store.pipeline_counts import Stage, pipeline, review_queue, stage_of
from store.processing import Recipient
from store.workspaces import get_workspace
from tests.store_fixtures import StoreEnv

TODAY = datetime.now(UTC).date()


def _conversation(ledger: Ledger, status: str = "ai", priority: str | None = None) -> Conversation:
    conversation = ledger.conversations.open(ledger.contacts.create().id, "whatsapp")
    if status != "ai":
        ledger.conversations.set_status(conversation, status, "asked_for_human")
    if priority is not None:
        ledger.leads.save_facts(conversation, {}, 50, priority, ())
    return conversation


def _workspace_id(store: StoreEnv, slug: str | None = None) -> str:
    with store.database.session() as session:
        return get_workspace(session, slug or store.workspace).id


def _record(ledger: Ledger, counts: dict[str, int], on: date) -> None:
    record = ledger.record_processing(
        ledger.contacts.create().id, "lead_qualification", Recipient("llm.example"), "x", counts
    )
    record.created_at = datetime.combine(on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)


def test_the_stage_follows_the_status_then_the_priority() -> None:
    assert stage_of("ai", None) is Stage.NEW
    assert stage_of("ai", "cold") is Stage.QUALIFYING
    assert stage_of("ai", "warm") is Stage.QUALIFYING
    assert stage_of("ai", "hot") is Stage.QUALIFIED
    assert stage_of("handed_off", "hot") is Stage.HANDED_OFF
    assert stage_of("taken_over", None) is Stage.TAKEN_OVER


def test_conversations_are_counted_by_priority_and_by_stage(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        for status, priority in [
            ("ai", None),
            ("ai", None),
            ("ai", "cold"),
            ("ai", "warm"),
            ("ai", "hot"),
            ("handed_off", "hot"),
            ("taken_over", None),
        ]:
            _conversation(ledger, status, priority)
    with store.ledger(f"other-{uuid.uuid4().hex[:8]}") as elsewhere:
        _conversation(elsewhere, "ai", "hot")
    with store.database.session() as session:
        counts = pipeline(session, _workspace_id(store))
    assert counts.by_priority == {"hot": 2, "warm": 1, "cold": 1, "unscored": 3}
    assert counts.by_stage == {
        Stage.NEW: 2,
        Stage.QUALIFYING: 2,
        Stage.QUALIFIED: 1,
        Stage.HANDED_OFF: 1,
        Stage.TAKEN_OVER: 1,
    }


def test_an_empty_workspace_counts_zero_everywhere(store: StoreEnv) -> None:
    with store.ledger():
        pass
    with store.database.session() as session:
        counts = pipeline(session, _workspace_id(store))
        queue = review_queue(session, _workspace_id(store))
    assert set(counts.by_priority.values()) == {0} and set(counts.by_stage.values()) == {0}
    assert (queue.drafts, queue.oldest) == (0, None)


def test_the_review_queue_counts_drafts_only_and_finds_the_oldest(store: StoreEnv) -> None:
    oldest = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    with store.ledger() as ledger:
        conversation = _conversation(ledger)
        for n, delivery in enumerate([Delivery.DRAFT, Delivery.DRAFT, Delivery.SENT]):
            reply = ledger.conversations.add_message(conversation, "outbound", f"reply {n}")
            ledger.outbox.hold(reply, delivery)
            if n == 1:
                reply.created_at = oldest
        ledger.conversations.add_message(conversation, "inbound", "a question")
    with store.database.session() as session:
        queue = review_queue(session, _workspace_id(store))
    assert queue.drafts == 2 and queue.oldest == oldest


def test_entities_are_summed_per_type_per_day_inside_the_window(store: StoreEnv) -> None:
    days = last_days(TODAY, 14)
    with store.ledger() as ledger:
        _record(ledger, {"PERSON": 1, "EMAIL_ADDRESS": 2}, TODAY)
        _record(ledger, {"PERSON": 3}, TODAY)
        _record(ledger, {"PHONE_NUMBER": 1}, days[0])
        _record(ledger, {}, days[5])
        _record(ledger, {"PERSON": 100}, days[0] - timedelta(days=1))  # before the window
    with store.ledger(f"other-{uuid.uuid4().hex[:8]}") as elsewhere:
        _record(elsewhere, {"PERSON": 50}, TODAY)
    with store.database.session() as session:
        activity = guardrail_activity(session, _workspace_id(store), days)
    assert activity.days == days
    assert activity.pseudonymised == {
        "EMAIL_ADDRESS": (0,) * 13 + (2,),
        "PERSON": (0,) * 13 + (4,),
        "PHONE_NUMBER": (1,) + (0,) * 13,
    }


def test_blocked_egress_is_counted_per_day_from_the_audit_log(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        for _ in range(3):
            ledger.audit.append("egress.blocked", "agent", "c1", {"entity_types": ["PERSON"]})
        ledger.audit.append("egress.allowed", "agent", "c1")
    with store.ledger(f"other-{uuid.uuid4().hex[:8]}") as elsewhere:
        elsewhere.audit.append("egress.blocked", "agent", "c2")
    workspace_id = _workspace_id(store)
    with store.database.session() as session:
        this_fortnight = guardrail_activity(session, workspace_id, last_days(TODAY, 14))
        up_to_yesterday = guardrail_activity(
            session, workspace_id, last_days(TODAY - timedelta(days=1), 3)
        )
    assert this_fortnight.blocked == (0,) * 13 + (3,)
    assert up_to_yesterday.blocked == (0, 0, 0)


def test_last_days_end_today_oldest_first() -> None:
    assert last_days(date(2026, 3, 2), 3) == (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2))
