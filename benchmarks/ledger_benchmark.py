"""Ledger benchmark: the privacy work per inbound message, and verifying a long audit chain.

    python -m benchmarks.ledger_benchmark             # both backends; updates docs/benchmarks.md
    python -m benchmarks.ledger_benchmark --messages 200 --chain 100000 --no-doc

Per message, in one ledger transaction, as the pipeline will do it: find the contact by its
WhatsApp id (blind index), open the conversation, store the inbound message (encrypted), check
for STOP/START, ask the consent gate, write two vault entries (encrypted), write the processing
record and its audit entry, store the reply (encrypted), commit. Target: <= 5 ms p95.

The chain: N entries are written with correct hashes (bulk, not through the API, which would
take hours for a million), then ``verify_chain`` recomputes them all. Target: 1,000,000 < 10 s.
PostgreSQL runs in a database created for the run, as the application role.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime

from sqlalchemy import insert

from benchmarks.databases import BACKENDS, backend
from benchmarks.report import percentile, replace_section
from guardrails.consent import load_catalogue
from store.audit import GENESIS_HASH, canonical_details, entry_hash, verify_chain
from store.crypto import MasterKeyRing, encode_key, new_key
from store.db import Database
from store.identities import IdentityKind
from store.keys import KeyManager
from store.ledger import Ledgers
from store.models import AuditEntry
from store.processing import Recipient
from store.workspaces import ensure_workspace

RECIPIENT = Recipient("llm.example", "model-x", "in")
_INSERT_BATCH = 10_000


def per_message(url: str, messages: int) -> list[float]:
    """Milliseconds of ledger work for each of ``messages`` inbound messages."""
    database = Database(url)
    keys = KeyManager(MasterKeyRing.from_text(encode_key(new_key())))
    ledgers = Ledgers(database, keys, load_catalogue())
    timings = []
    for number in range(messages + 20):
        wa_id = f"9198{number % 50:08d}"  # 50 prospects writing several times each
        started = time.perf_counter()
        with ledgers.open("bench", "worker") as ledger:
            contact = ledger.contacts.find_or_create(IdentityKind.WA_ID, wa_id, "Prospect Name")
            conversation = ledger.conversations.open(contact.id, "whatsapp")
            body = f"Hi, I am Prospect Name, call me on +{wa_id}; we need 40 seats"
            inbound = ledger.conversations.add_message(conversation, "inbound", body)
            ledger.consent.apply_channel_keyword(
                contact.id, body, source_channel="whatsapp", message_id=inbound.id
            )
            ledger.require(contact.id, "lead_qualification")
            vault = ledger.vault(conversation.id)
            vault.placeholder_for("PERSON", "Prospect Name")
            vault.placeholder_for("PHONE_NUMBER", f"+{wa_id}")
            ledger.record_processing(
                contact.id,
                "lead_qualification",
                RECIPIENT,
                "<PERSON_1> needs 40 seats",
                {"PERSON": 1, "PHONE_NUMBER": 1},
                "qualify.v1",
                conversation.id,
            )
            ledger.conversations.add_message(conversation, "outbound", "Thanks Prospect Name!")
        if number >= 20:  # the first messages warm caches and create the workspace's keys
            timings.append((time.perf_counter() - started) * 1000)
    database.dispose()
    return timings


def chain_verify_seconds(url: str, entries: int) -> tuple[float, float, int]:
    """(seconds to write, seconds to verify, entries verified) for a chain of ``entries``."""
    database = Database(url)
    with database.session() as session:
        workspace_id = ensure_workspace(session, "chain").id
    started = time.perf_counter()
    prev, details = GENESIS_HASH, canonical_details({"purpose": "lead_qualification"})
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    for first in range(1, entries + 1, _INSERT_BATCH):
        rows = []
        for seq in range(first, min(first + _INSERT_BATCH, entries + 1)):
            digest = entry_hash(
                prev,
                seq,
                workspace_id,
                created,
                "processing.recorded",
                "worker",
                f"contact-{seq % 997}",
                details,
            )
            rows.append(
                {
                    "workspace_id": workspace_id,
                    "seq": seq,
                    "created_at": created,
                    "action": "processing.recorded",
                    "actor": "worker",
                    "subject": f"contact-{seq % 997}",
                    "details": details,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        with database.engine.begin() as connection:
            connection.execute(insert(AuditEntry), rows)
    written = time.perf_counter() - started
    started = time.perf_counter()
    with database.engine.connect() as connection:
        result = verify_chain(connection, workspace_id)
    verified = time.perf_counter() - started
    database.dispose()
    assert result.ok, result.problem
    return written, verified, result.verified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--chain", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    names = list(BACKENDS) if args.backend == "both" else [args.backend]
    lines = [
        f"## Ledger — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — "
        f"`python -m benchmarks.ledger_benchmark --messages {args.messages} --chain {args.chain}`",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, load average {os.getloadavg()[0]:.1f} at "
        "the start (other work on the machine inflates PostgreSQL's figures most: its server "
        "process shares the two cores with the client). Targets: ledger work per inbound message "
        "<= 5 ms p95; 1,000,000 audit entries verified in < 10 s.",
        "",
        "| backend | messages | p50 ms | p95 ms | max ms | chain entries | write s | verify s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        with backend(name) as url:
            timings = per_message(url, args.messages)
            written, verified, count = chain_verify_seconds(url, args.chain)
        row = (
            f"| {name} | {len(timings)} | {statistics.median(timings):.2f} | "
            f"{percentile(timings, 0.95):.2f} | {max(timings):.2f} | {count:,} | "
            f"{written:.1f} | {verified:.2f} |"
        )
        lines.append(row)
        print(row, flush=True)
    text = "\n".join(lines)
    print(text)
    if not args.no_doc:
        replace_section("ledger", text)
        print("updated docs/benchmarks.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
