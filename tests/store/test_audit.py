"""The hash-chained audit log: verification, tampering, signed heads, concurrency, and the
PostgreSQL role that cannot change it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from store.audit import sign_head, verify_chain
from store.db import Database
from store.workspaces import get_workspace
from tests.store_fixtures import StoreEnv


def _fill(store: StoreEnv, count: int) -> str:
    with store.ledger() as ledger:
        for number in range(count):
            ledger.audit.append("test.event", "tester", f"subject-{number}", {"n": number})
        return ledger.scope.workspace_id


def _verify(store: StoreEnv, workspace_id: str) -> tuple[int, str | None, int | None]:
    with store.database.engine.connect() as connection:
        result = verify_chain(connection, workspace_id)
    return result.verified, result.problem, result.bad_seq


def _tamper(store: StoreEnv, *statements: str) -> None:
    """Change rows as someone with direct database access would (triggers bypassed)."""
    owner = Database(store.backend.admin_url)
    with owner.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for statement in statements:
            connection.exec_driver_sql(statement)
    owner.dispose()


def test_intact_chain_verifies(store: StoreEnv) -> None:
    workspace_id = _fill(store, 5)
    assert _verify(store, workspace_id) == (5, None, None)


def test_edited_entry_is_named(store: StoreEnv) -> None:
    workspace_id = _fill(store, 5)
    _tamper(
        store,
        f"UPDATE audit_entries SET details = '{{\"n\":99}}' "
        f"WHERE workspace_id = '{workspace_id}' AND seq = 3",
    )
    verified, problem, bad = _verify(store, workspace_id)
    assert (verified, bad) == (2, 3) and problem and "entry 3 was altered" in problem


def test_deleted_entry_is_named(store: StoreEnv) -> None:
    workspace_id = _fill(store, 5)
    _tamper(store, f"DELETE FROM audit_entries WHERE workspace_id = '{workspace_id}' AND seq = 2")
    verified, problem, bad = _verify(store, workspace_id)
    assert (verified, bad) == (1, 2) and problem and "entry 2 is missing" in problem


def test_reordered_entries_are_caught(store: StoreEnv) -> None:
    workspace_id = _fill(store, 5)
    where = f"workspace_id = '{workspace_id}'"
    _tamper(
        store,
        f"UPDATE audit_entries SET seq = 100 WHERE {where} AND seq = 3",
        f"UPDATE audit_entries SET seq = 3 WHERE {where} AND seq = 4",
        f"UPDATE audit_entries SET seq = 4 WHERE {where} AND seq = 100",
    )
    verified, problem, bad = _verify(store, workspace_id)
    assert (verified, bad) == (2, 3) and problem and "entry 3" in problem


def test_signed_head_catches_truncation_and_rewrite(store: StoreEnv) -> None:
    workspace_id = _fill(store, 4)
    with store.database.engine.connect() as connection:
        head = sign_head(connection, workspace_id, store.ring)
    assert head.seq == 4
    with store.ledger() as ledger:  # appending after the head was taken is fine
        ledger.audit.append("test.event", "tester")
    with store.database.engine.connect() as connection:
        assert verify_chain(connection, workspace_id, head, store.ring).ok
    _tamper(store, f"DELETE FROM audit_entries WHERE workspace_id = '{workspace_id}' AND seq >= 4")
    with store.database.engine.connect() as connection:
        truncated = verify_chain(connection, workspace_id, head, store.ring)
        assert verify_chain(connection, workspace_id).ok  # what is left still links up
    assert not truncated.ok and truncated.problem and "removed" in truncated.problem
    forged = head.__class__(**{**head.__dict__, "seq": 3})
    with store.database.engine.connect() as connection:
        result = verify_chain(connection, workspace_id, forged, store.ring)
    assert result.problem == "the expected head's signature is not valid"


def test_rewritten_chain_is_caught_by_the_signed_head(store: StoreEnv) -> None:
    workspace_id = _fill(store, 3)
    with store.database.engine.connect() as connection:
        head = sign_head(connection, workspace_id, store.ring)
    _tamper(store, f"DELETE FROM audit_entries WHERE workspace_id = '{workspace_id}'")
    with store.ledger() as ledger:  # a fresh, self-consistent chain of the same length
        for _ in range(3):
            ledger.audit.append("test.forged", "attacker")
    with store.database.engine.connect() as connection:
        assert verify_chain(connection, workspace_id).ok
        result = verify_chain(connection, workspace_id, head, store.ring)
    assert result.problem and "rewritten" in result.problem


def test_concurrent_appends_from_several_processes_keep_one_chain(store: StoreEnv) -> None:
    with store.ledger() as ledger:
        workspace_id = ledger.scope.workspace_id
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.store._append_worker",
                store.backend.url,
                store.workspace,
                "25",
                str(worker),
            ]
        )
        for worker in range(4)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
    assert _verify(store, workspace_id) == (100, None, None)
    with store.database.session() as session:
        assert get_workspace(session, store.workspace).id == workspace_id


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries"],
)
def test_application_role_cannot_change_the_audit_log(pg_store: StoreEnv, statement: str) -> None:
    _fill(pg_store, 1)
    with (
        pytest.raises(DBAPIError, match="permission denied"),
        pg_store.database.engine.begin() as connection,
    ):
        connection.execute(text(statement))
    owner = Database(pg_store.backend.admin_url)  # even the owner is stopped, by the trigger
    with pytest.raises(DBAPIError, match="append-only"), owner.engine.begin() as connection:
        connection.execute(text(statement))
    owner.dispose()
