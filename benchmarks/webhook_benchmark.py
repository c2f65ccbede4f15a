"""Webhook benchmark: a real deployment taking signed WhatsApp webhooks, the model taking no time.

    python -m benchmarks.webhook_benchmark             # both backends; updates docs/benchmarks.md
    python -m benchmarks.webhook_benchmark --backend sqlite --seconds 10 --burst 200 --no-doc
    python -m benchmarks.webhook_benchmark --backend postgresql --workers 2 --no-doc
    python -m benchmarks.webhook_benchmark --backend sqlite --profile /tmp/spy --no-doc

``aspinix serve --no-worker`` and ``aspinix worker`` run as subprocesses, started the way
``tests/e2e/deployment.py`` starts them (imported from there, as the fakes are): on SQLite
(database and queue in the data directory, DATABASE_URL unset), or on PostgreSQL (a database
created for the run, migrated as its owner, used as the application role) with Redis as the
queue (db 13, flushed first). Reply mode auto, ASPINIX_WORKER_THREADS=2. The model is the
loopback fake OpenAI-compatible server answering at once (``--model-ms`` makes it wait), the
Graph API the loopback fake, which records when each send arrived; the two fakes run in a
process of their own, so they do not share an interpreter lock with the load generator.

Per backend, after a warm-up of 10 messages (the worker loads spaCy; not counted), each phase
with prospects of its own (fresh BSUIDs and phone numbers, one in ten a username user without a
phone, answered by BSUID; texts from ``benchmarks.agent_conversations``: names, phones,
e-mails, PAN, GSTIN, UPI, addresses):

1. **throughput**: ``--burst`` webhooks as fast as the API takes them (closed loop, 8 in
   flight); replies per second end to end (all of them, over the time from the first webhook
   to the last reply's arrival at the fake Graph API), and the rate at which turns end (reply
   rows stored, read from the database) between the 10th and the 90th percentile, with the CPU
   each process used in that window (from ``/proc``). Every reply is waited for, so the next
   phase starts with an empty queue.
2. **steady**: webhooks at ``--rate`` per second for ``--seconds``, open loop (each sent on its
   schedule, never waiting for an earlier answer; up to 64 kept-alive connections), round robin
   over ``--senders`` prospects. Acknowledgement latency is client-side, from the scheduled send
   to the 200; one not answered within 10 s is given up on (and counted). The client is a lean
   asyncio HTTP/1.1 one on uvloop: httpx fell seconds behind its own schedule here.
3. **reply latency**, of the steady phase's messages: from the scheduled send of the webhook to
   its reply's arrival at the fake Graph API (the k-th reply to a recipient answers its k-th
   message). Replies are waited for ``--drain`` seconds after the last send; a message still
   unanswered then counts with the time it had waited, so a percentile it can move is shown as
   a lower bound (">="). One whose conversation was handed off to a rep (an egress block, by
   design, ends the AI's part) is left out and counted.

``--profile DIR`` also samples the API and the workers with py-spy (when it is on PATH) during
both phases and prints where their threads spend the time (waiting included; with
``--profile-cpu``, only the samples of threads on a CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Coroutine, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import urlsplit

import redis
from sqlalchemy import select
from sqlalchemy.orm import aliased

from benchmarks.agent_conversations import conversation
from benchmarks.databases import BACKENDS, backend
from benchmarks.report import percentile, replace_section
from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import Delay, FakeOpenAI, Text, Turn
from fakes.whatsapp_payloads import (
    APP_SECRET,
    Sender,
    new_wamid,
    signed_headers,
    text_message,
    webhook_body,
)
from store.crypto import encode_key, new_key
from store.identities import IdentityKind
from store.models import Message
from tests.e2e.deployment import Deployment, deployment_env

REDIS_URL = "redis://127.0.0.1:6379/13"
REPLY = "Thanks <PERSON_1>, noted. Could you tell me your timeline and budget?"
WORKER_THREADS = 2
BURST_CONCURRENCY = 8
WARM_UP_MESSAGES = 10
TARGET_ACK_P99_MS = 20.0
TARGET_REPLY_P50_MS = 50.0
SEED = 23
OPEN_LOOP_CONNECTIONS = 64  # kept-alive connections of the steady phase's client
ACK_TIMEOUT_SECONDS = 10.0  # a webhook not acknowledged by then is given up on
_FIRST_REPLY_TIMEOUT = 180.0  # the worker's start: spaCy, the agent, on a busy machine
T = TypeVar("T")


# -- prospects and their messages ------------------------------------------------------------


@dataclass(frozen=True)
class Inbound:
    """One webhook to send: its sender, its place among the sender's, the signed body."""

    recipient: str  # where the reply goes: the phone number, or the BSUID when there is none
    bsuid: str
    wamid: str  # the message's id on WhatsApp: the stored message's channel_message_id
    turn: int
    body: bytes
    headers: dict[str, str]


def prospects(count: int, turns: int, seed: int, tag: str) -> list[tuple[Sender, list[str]]]:
    """``count`` prospects with ``turns`` messages each. Phone numbers are unique within the
    run (``tag`` tells phases apart), BSUIDs random."""
    rng = random.Random(seed)
    found = []
    for index in range(count):
        persona, texts = conversation(turns, seed * 100_000 + index)
        without_phone = index % 10 == 9
        sender = Sender(
            wa_id=None if without_phone else f"91{rng.choice('6789')}{tag}{index:05d}",
            bsuid=f"IN.{uuid.uuid4().int % 10**16:016d}",
            username=f"{persona.name.split()[0].lower()}{index}" if without_phone else None,
            profile_name=persona.name,
        )
        found.append((sender, texts))
    return found


def signed_webhooks(count: int, senders: int, seed: int, tag: str) -> list[Inbound]:
    """``count`` signed webhooks, round robin over ``senders`` prospects, each round shuffled,
    so a prospect writes again only after the others have."""
    senders = max(1, min(senders, count))
    people = prospects(senders, -(-count // senders), seed, tag)
    rng = random.Random(seed)
    order: list[int] = []
    while len(order) < count:
        order.extend(rng.sample(range(senders), senders))
    written: Counter[int] = Counter()
    webhooks = []
    for index in order[:count]:
        sender, texts = people[index]
        turn = written[index]
        written[index] += 1
        wamid = new_wamid()
        body = webhook_body(text_message(texts[turn], sender=sender, message_id=wamid))
        headers = signed_headers(APP_SECRET, body)
        bsuid = sender.bsuid or ""
        webhooks.append(Inbound(sender.wa_id or bsuid, bsuid, wamid, turn, body, headers))
    return webhooks


# -- the fakes, in a process of their own ----------------------------------------------------


def _serve_fakes(connection: Connection, model_seconds: float) -> None:
    """The fakes' process: the model and the Graph API, answering the parent's commands."""
    reply: Turn = Delay(model_seconds, Text(REPLY)) if model_seconds > 0 else Text(REPLY)
    with FakeOpenAI(default_reply=reply) as model, FakeGraphAPI() as graph:
        connection.send((model.base_url, graph.base_url))
        while (command := connection.recv()) != "stop":
            if command == "count":
                connection.send(len(graph.accepted()))
            elif command == "sends":
                texts = [
                    (request.json, request.received_at)
                    for request in graph.requests
                    if isinstance(request.json, dict) and request.json.get("type") == "text"
                ]
                connection.send(
                    [(body.get("to") or body.get("recipient"), at) for body, at in texts]
                )
            elif command == "reset":
                graph.reset()
                model.reset()  # the model keeps every request it saw: forget them
                connection.send(True)


class Fakes:
    """The parent's handle on the fakes' process."""

    def __init__(self, model_seconds: float = 0.0) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve_fakes, args=(child, model_seconds), daemon=True
        )
        self.process.start()
        self.model_url, self.graph_url = self._connection.recv()

    def _ask(self, command: str) -> Any:
        self._connection.send(command)
        return self._connection.recv()

    def count(self) -> int:
        """Sends the fake Graph API accepted since the last reset."""
        return int(self._ask("count"))

    def sends(self) -> list[tuple[str, float]]:
        """``(recipient, wall-clock arrival)`` of every text send since the last reset."""
        return [(str(to), float(at)) for to, at in self._ask("sends")]

    def reset(self) -> None:
        self._ask("reset")

    def stop(self) -> None:
        self._connection.send("stop")
        self.process.join(10)


# -- CPU per process, from /proc ----------------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores, every process) since boot."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, stat.readline().split()[1:9]
        )
    return (user + nice + system + irq + softirq + steal) / _TICKS


def _server_pids(database: str | None) -> dict[str, list[int]]:
    """PostgreSQL's backends serving ``database`` (none on SQLite) and Redis's server."""
    found: dict[str, list[int]] = {"postgresql": [], "redis": []}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if database and command.startswith("postgres:") and f" {database} " in command:
            found["postgresql"].append(int(entry))
        elif command.startswith("redis-server"):
            found["redis"].append(int(entry))
    return found


class CpuSampler:
    """Every ``interval`` seconds, the CPU seconds each group of processes has used (the API,
    the workers, the fakes, this load generator, PostgreSQL's backends for the run's database,
    Redis) and the machine's; ``between`` turns two samples into cores."""

    def __init__(
        self, groups: dict[str, list[int]], database: str | None, interval: float = 0.5
    ) -> None:
        self.groups = groups
        self.database = database
        self.interval = interval
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="cpu-sampler")

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            groups = {**self.groups, **_server_pids(self.database)}
            used = {name: sum(map(_cpu_seconds, pids)) for name, pids in groups.items()}
            used["machine"] = _machine_busy_seconds()
            self.samples.append((time.time(), used))
            if self._stop.wait(self.interval):
                return

    def between(self, start: float, end: float) -> dict[str, float]:
        """Cores each group used between two wall-clock times (the samples nearest inside)."""
        inside = [sample for sample in self.samples if start <= sample[0] <= end]
        if len(inside) < 2:
            return {}
        (first_at, first), (last_at, last) = inside[0], inside[-1]
        cores = {name: (last[name] - first.get(name, 0.0)) / (last_at - first_at) for name in last}
        ours = sum(value for name, value in cores.items() if name != "machine")
        cores["other work"] = max(0.0, cores["machine"] - ours)
        return cores


# -- py-spy, when asked for -------------------------------------------------------------------

# The frames a thread's stack must hold to count: a worker thread running a job, the API
# handling a webhook (its event loop and the thread pool's store call).
_PROFILE_MARKERS = {"worker": "Worker.loop (huey/consumer.py", "api": "api/routes/whatsapp.py"}
_OUR_CODE = ("agent/", "guardrails/", "store/", "jobs/", "connectors/", "api/")
_DRIVER_WAITS = ("sqlite3", "psycopg/connection.py", "redis/connection.py", "httpx/_client.py")


@contextmanager
def profiled(
    folder: Path | None, label: str, pids: dict[str, int], idle: bool = True
) -> Iterator[None]:
    """py-spy sampling ``pids`` (role -> pid) while the block runs, into ``folder``: every
    thread's stack (waiting included), or with ``idle=False`` only threads on a CPU."""
    spy = shutil.which("py-spy") if folder is not None else None
    if folder is None or spy is None:
        if folder is not None:
            print("py-spy is not on PATH: no profile", file=sys.stderr)
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    samplers = [
        subprocess.Popen(
            [
                *(spy, "record", "--pid", str(pid), "--format", "raw"),
                *(("--idle",) if idle else ()),
                *("--nonblocking", "--rate", "100", "--duration", "3600"),
                *("--output", str(folder / f"{label}-{role}.txt")),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for role, pid in pids.items()
    ]
    try:
        yield
    finally:
        for sampler in samplers:
            sampler.send_signal(signal.SIGINT)
        for sampler in samplers:
            sampler.wait(60)


def profile_summary(path: Path, marker: str, top: int = 14) -> list[str]:
    """The functions of our code (and the database and HTTP drivers) holding the largest share
    of the samples of threads whose stack holds ``marker``."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if marker not in stack or not count.isdigit():
            continue
        total += int(count)
        frames = {frame.rsplit(":", 1)[0] + ")" for frame in stack.split(";")}
        for frame in frames:
            if any(part in frame for part in _OUR_CODE + _DRIVER_WAITS):
                inclusive[frame] += int(count)
    return [f"{share * 100 / total:5.1f}%  {frame}" for frame, share in inclusive.most_common(top)]


# -- sending ----------------------------------------------------------------------------------


@dataclass
class Sent:
    """One webhook sent, and its answer."""

    inbound: Inbound
    sent_at: float  # wall clock: the scheduled send in the open loop, the send in the closed one
    ack_ms: float = math.inf
    status: int = 0
    late_ms: float = 0.0  # how late the client began sending it (its own scheduling)


class WebhookClient:
    """A lean HTTP/1.1 client for one endpoint: at most ``connections`` kept-alive connections,
    each request's bytes built before the run. httpx costs several milliseconds of CPU per
    request once hundreds are in flight, and on a two-core machine shared with the server such a
    client falls behind its own schedule by seconds; this one costs tens of microseconds."""

    def __init__(self, url: str, connections: int) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path
        self.connections = connections
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._free = asyncio.Semaphore(connections)

    def request(self, inbound: Inbound) -> bytes:
        """The request's bytes: headers (the signature included) and the body."""
        headers = "".join(f"{name}: {value}\r\n" for name, value in inbound.headers.items())
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{headers}"
            f"Content-Length: {len(inbound.body)}\r\n\r\n"
        )
        return head.encode() + inbound.body

    async def post(self, raw: bytes) -> int:
        """Send one request, wait for its response; the status code. A kept-alive connection
        the server closed meanwhile (uvicorn closes idle ones after 5 s) is replaced, once."""
        async with self._free:
            reused = bool(self._idle)
            reader, writer = (
                self._idle.pop() if reused else await asyncio.open_connection(self.host, self.port)
            )
            try:
                try:
                    writer.write(raw)
                    first = await reader.readline()
                except ConnectionError:
                    first = b""
                if not first and reused:
                    writer.close()
                    reader, writer = await asyncio.open_connection(self.host, self.port)
                    writer.write(raw)
                    first = await reader.readline()
                status = int(first.split()[1])
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
            except BaseException:
                writer.close()  # a half-read response: the connection is unusable
                raise
            self._idle.append((reader, writer))
            return status

    def close(self) -> None:
        for _, writer in self._idle:
            writer.close()
        self._idle.clear()


async def _post(client: WebhookClient, raw: bytes, sent: Sent, started: float) -> None:
    """POST one webhook; one not answered ACK_TIMEOUT_SECONDS after it went is given up on
    (status -1), as a webhook sender does, which keeps an overloaded run bounded."""
    sent.late_ms = (time.perf_counter() - started) * 1000
    try:
        async with asyncio.timeout(ACK_TIMEOUT_SECONDS):
            sent.status = await client.post(raw)
    except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
        sent.status = -1
    sent.ack_ms = (time.perf_counter() - started) * 1000


async def open_loop(url: str, webhooks: list[Inbound], rate: float) -> list[Sent]:
    """Send on schedule, ``rate`` per second, never waiting for an answer. Latency counts from
    the scheduled time, so a late client cannot hide a slow server (each send records how late
    the client itself was); a request waiting for one of the client's connections waits on the
    clock too."""
    client = WebhookClient(url, OPEN_LOOP_CONNECTIONS)
    requests = [client.request(inbound) for inbound in webhooks]
    tasks, sent = [], []
    start_perf, start_wall = time.perf_counter() + 0.05, time.time() + 0.05
    for index, inbound in enumerate(webhooks):
        due = start_perf + index / rate
        if (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        sent.append(Sent(inbound, start_wall + index / rate))
        tasks.append(asyncio.create_task(_post(client, requests[index], sent[-1], due)))
    await asyncio.gather(*tasks)
    client.close()
    return sent


def run_client(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run the load generator's coroutine, on uvloop (uvicorn's) when it is installed."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


async def closed_loop(url: str, webhooks: list[Inbound], concurrency: int) -> list[Sent]:
    """Send as fast as the API answers, ``concurrency`` in flight."""
    client = WebhookClient(url, concurrency)
    pending = iter(webhooks)
    sent: list[Sent] = []

    async def lane() -> None:
        for inbound in pending:
            sent.append(Sent(inbound, time.time()))
            await _post(client, client.request(inbound), sent[-1], time.perf_counter())

    await asyncio.gather(*(lane() for _ in range(concurrency)))
    client.close()
    return sent


def wait_for_replies(fakes: Fakes, expected: int, deadline: float, stall: float) -> None:
    """Until ``expected`` sends arrived, the monotonic ``deadline`` passed, or ``stall``
    seconds went by without a new one."""
    last_count, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = fakes.count()
        if count >= expected:
            return
        if count != last_count:
            last_count, last_change = count, time.monotonic()
        elif time.monotonic() - last_change > stall:
            return
        time.sleep(0.2)


# -- one backend ------------------------------------------------------------------------------


@dataclass
class Result:
    """The figures of one backend and worker count."""

    backend: str
    workers: int
    rate: float
    seconds: float
    drain: float
    # steady
    acks: list[Latency] = field(default_factory=list)  # not acked: the time it waited
    failed: int = 0
    client_late_ms: list[float] = field(default_factory=list)
    not_acked: Counter[int] = field(default_factory=Counter)  # status (-1: none) -> count
    replies: list[Latency] = field(default_factory=list)
    handed_off: int = 0  # messages of conversations handed off: no reply by design
    stages: dict[str, list[float]] = field(default_factory=dict)
    steady_replies_per_second: float = 0.0
    steady_cpu: dict[str, float] = field(default_factory=dict)
    # throughput
    burst: int = 0
    burst_ingest_seconds: float = 0.0
    replies_during_ingest: float = 0.0
    answers_per_second: float = 0.0  # turns ending (reply stored), middle 80 %
    throughput: float = 0.0  # replies at the Graph API / first webhook to last reply
    throughput_window: float = 0.0
    burst_cpu: dict[str, float] = field(default_factory=dict)
    burst_missing: int = 0
    egress_blocked: int = 0
    log_events: Counter[str] = field(default_factory=Counter)
    profiles: dict[str, list[str]] = field(default_factory=dict)


class LoggedDeployment(Deployment):
    """The e2e deployment with its processes' output in a file (counted afterwards)."""

    log: IO[bytes] | None = None

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        env = {key: value for key, value in {**os.environ, **self.env}.items() if value}
        return subprocess.Popen(
            [sys.executable, "-m", "aspinix.cli", *args],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )


@contextmanager
def deployment(
    name: str, folder: Path, fakes: Fakes, workers: int, send_rate: int | None
) -> Iterator[tuple[LoggedDeployment, str | None]]:
    """A running deployment on ``name`` and its PostgreSQL database name, stopped after."""
    with ExitStack() as stack:
        database_url = queue_url = database = None
        if name == "postgresql":
            database_url = stack.enter_context(backend("postgresql"))
            database = database_url.rsplit("/", 1)[1]
            queue_url = REDIS_URL
            redis.Redis.from_url(REDIS_URL).flushdb()
        master_key = encode_key(new_key())
        extra = {"ASPINIX_WORKER_THREADS": str(WORKER_THREADS), "ASPINIX_TURN_LEASE_SECONDS": "300"}
        if send_rate:
            extra["ASPINIX_WHATSAPP_SEND_RATE"] = str(send_rate)
        env, workspace = deployment_env(
            data_dir=folder,
            master_key=master_key,
            openai_base_url=fakes.model_url,
            graph_base_url=fakes.graph_url,
            database_url=database_url,
            queue_url=queue_url,
            reply_mode="auto",
            extra=extra,
        )
        running = LoggedDeployment(
            env=env,
            database_url=database_url or f"sqlite:///{folder / 'aspinix.db'}",
            master_key=master_key,
            workspace=workspace,
        )
        running.log = stack.enter_context(open(folder / "service.log", "wb"))
        try:
            running.start(workers)
            yield running, database
        finally:
            running.stop()


def handed_off(running: Deployment, bsuids: set[str]) -> set[str]:
    """Of these prospects, the ones whose conversation a rep now has (no AI reply by design)."""
    found = set()
    with running.ledger() as ledger:
        for bsuid in bsuids:
            contact = ledger.contacts.find(IdentityKind.BSUID, bsuid)
            conversation = (
                ledger.conversations.open(contact.id, "whatsapp") if contact is not None else None
            )
            if conversation is not None and conversation.status != "ai":
                found.add(bsuid)
    return found


def _epoch(moment: datetime) -> float:
    """Seconds since the epoch; SQLite gives the stored UTC time back without its zone."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def stored_times(running: Deployment) -> dict[str, tuple[float, float | None]]:
    """From the deployment's database, per inbound wamid: when the webhook's message was stored
    and when its reply was (the turn's end, before its commit and the send job)."""
    reply = aliased(Message)
    with running.ledger() as ledger:
        rows = ledger.scope.session.execute(
            select(Message.channel_message_id, Message.created_at, reply.created_at)
            .outerjoin(reply, reply.reply_to_id == Message.id)
            .where(
                Message.workspace_id == ledger.scope.workspace_id,
                Message.direction == "inbound",
            )
        ).all()
    return {
        wamid: (_epoch(stored), _epoch(answered) if answered is not None else None)
        for wamid, stored, answered in rows
        if wamid is not None
    }


def stages(
    sent: list[Sent], matched: dict[str, float], times: dict[str, tuple[float, float | None]]
) -> dict[str, list[float]]:
    """Milliseconds of each stage of the answered webhooks: sent to stored (the API), stored to
    reply stored (the answer job's wait in the queue and the turn), reply stored to its arrival
    at the Graph API (the turn's commit, the send job's wait and the send)."""
    found: dict[str, list[float]] = {"stored": [], "answered": [], "sent": []}
    for one in sent:
        stored, answered = times.get(one.inbound.wamid, (None, None))
        arrived = matched.get(one.inbound.wamid)
        if stored is None or answered is None or arrived is None:
            continue
        found["stored"].append((stored - one.sent_at) * 1000)
        found["answered"].append((answered - stored) * 1000)
        found["sent"].append((arrived - answered) * 1000)
    return found


def rate_over_middle(moments: list[float]) -> tuple[float, float, float]:
    """Events per second between the 10th and the 90th percentile of ``moments``, and that
    window's start and end."""
    ordered = sorted(moments)
    if len(ordered) < 10:
        return 0.0, 0.0, 0.0
    low, high = len(ordered) // 10, len(ordered) * 9 // 10
    window = ordered[high] - ordered[low]
    return (high - low) / window if window > 0 else 0.0, ordered[low], ordered[high]


@dataclass(frozen=True)
class Latency:
    """Milliseconds from a webhook's send to its reply; for one not answered by the cut-off,
    the time it had waited by then (a lower bound)."""

    ms: float
    answered: bool


def match_replies(sent: list[Sent], arrivals: list[tuple[str, float]]) -> dict[str, float]:
    """When each webhook's reply reached the fake Graph API, by the webhook's wamid: the k-th
    reply to a recipient answers its k-th message."""
    replies: dict[str, list[float]] = defaultdict(list)
    for recipient, arrived in sorted(arrivals, key=lambda pair: pair[1]):
        replies[recipient].append(arrived)
    matched = {}
    for one in sent:
        theirs = replies.get(one.inbound.recipient, [])
        if one.status == 200 and one.inbound.turn < len(theirs):
            matched[one.inbound.wamid] = theirs[one.inbound.turn]
    return matched


def reply_latencies(
    sent: list[Sent], matched: dict[str, float], gone: set[str], cutoff: float
) -> tuple[list[Latency], int]:
    """Each stored webhook's time to its reply, and how many were left out because their
    prospect's conversation went to a rep (``gone``, BSUIDs)."""
    latencies, left_out = [], 0
    for one in sent:
        if one.status != 200:
            continue
        arrived = matched.get(one.inbound.wamid)
        if arrived is not None:
            latencies.append(Latency((arrived - one.sent_at) * 1000, True))
        elif one.inbound.bsuid in gone:
            left_out += 1
        else:
            latencies.append(Latency((cutoff - one.sent_at) * 1000, False))
    return latencies, left_out


def bounded_percentile(latencies: list[Latency], fraction: float) -> tuple[float, float]:
    """The percentile's bounds: unanswered ones at the time they had waited (lower), and as
    never answered (upper, inf). Equal when no unanswered one can change it."""
    if not latencies:
        return math.nan, math.nan
    lower = percentile([latency.ms for latency in latencies], fraction)
    upper = percentile(
        [latency.ms if latency.answered else math.inf for latency in latencies], fraction
    )
    return lower, upper


class Run:
    """The phases on one running deployment, filling in one Result."""

    def __init__(
        self,
        result: Result,
        running: Deployment,
        fakes: Fakes,
        cpu: CpuSampler,
        profile: Path | None,
    ) -> None:
        assert running.serve is not None
        self.result = result
        self.running = running
        self.fakes = fakes
        self.cpu = cpu
        self.profile = profile
        self.profile_idle = True
        self.url = f"{running.base_url}/webhooks/whatsapp"
        self.roles = {"api": running.serve.pid} | {
            f"worker{number}": worker.pid for number, worker in enumerate(running.workers, 1)
        }
        self.label = f"{result.backend}-w{result.workers}"

    def warm_up(self, webhooks: list[Inbound]) -> None:
        """The first message alone (the worker may still be loading), then the rest."""
        self.fakes.reset()
        run_client(open_loop(self.url, webhooks[:1], 1))
        wait_for_replies(self.fakes, 1, time.monotonic() + _FIRST_REPLY_TIMEOUT, 600)
        if self.fakes.count() < 1:
            raise RuntimeError("no reply to the first message: see the service log")
        run_client(open_loop(self.url, webhooks[1:], 5))
        wait_for_replies(self.fakes, len(webhooks), time.monotonic() + 60, 20)

    def throughput(self, webhooks: list[Inbound]) -> None:
        """As fast as the API takes them; every reply waited for."""
        result = self.result
        self.fakes.reset()
        with profiled(self.profile, f"{self.label}-burst", self.roles, self.profile_idle):
            started = time.time()
            sent = run_client(closed_loop(self.url, webhooks, BURST_CONCURRENCY))
            ingested = time.time()
            stored = sum(1 for one in sent if one.status == 200)
            wait_for_replies(self.fakes, stored, time.monotonic() + 600, 30)
        arrivals = [arrived for _, arrived in self.fakes.sends()]
        times = stored_times(self.running)
        ours = {one.inbound.wamid for one in sent}
        answers = [ended for wamid, (_, ended) in times.items() if wamid in ours and ended]
        result.burst, result.burst_missing = len(webhooks), stored - len(arrivals)
        result.burst_ingest_seconds = ingested - started
        during = sum(1 for arrived in arrivals if arrived <= ingested)
        result.replies_during_ingest = during / (ingested - started)
        result.answers_per_second, low, high = rate_over_middle(answers)
        result.burst_cpu = self.cpu.between(low, high)
        if arrivals:
            result.throughput_window = max(arrivals) - started
            result.throughput = len(arrivals) / result.throughput_window

    def steady(self, webhooks: list[Inbound], rate: float, drain: float) -> None:
        """On schedule; replies waited for ``drain`` seconds after the last send."""
        result = self.result
        self.fakes.reset()
        with profiled(self.profile, f"{self.label}-steady", self.roles, self.profile_idle):
            began = time.time()
            sent = run_client(open_loop(self.url, webhooks, rate))
            ended = time.time()
        result.steady_cpu = self.cpu.between(began, ended)
        result.acks = [Latency(one.ack_ms, one.status == 200) for one in sent]
        result.client_late_ms = [one.late_ms for one in sent]
        result.failed = sum(1 for one in sent if one.status != 200)
        result.not_acked = Counter(one.status for one in sent if one.status != 200)
        stored = len(sent) - result.failed
        wait_for_replies(self.fakes, stored, time.monotonic() + drain, drain)
        cutoff = time.time()
        arrivals = self.fakes.sends()
        in_time = sum(1 for _, arrived in arrivals if arrived <= ended)
        result.steady_replies_per_second = in_time / (ended - began)
        matched = match_replies(sent, arrivals)
        wanting = {
            one.inbound.bsuid
            for one in sent
            if one.status == 200 and one.inbound.wamid not in matched
        }
        gone = handed_off(self.running, wanting)
        result.replies, result.handed_off = reply_latencies(sent, matched, gone, cutoff)
        result.stages = stages(sent, matched, stored_times(self.running))

    def summarise_profiles(self) -> None:
        """What py-spy saw, when it ran."""
        if self.profile is None:
            return
        for path in sorted(self.profile.glob(f"{self.label}-*.txt")):
            marker = _PROFILE_MARKERS["api" if path.stem.endswith("-api") else "worker"]
            self.result.profiles[path.name] = profile_summary(path, marker)


def measure(name: str, args: argparse.Namespace, fakes: Fakes) -> Result:
    """Warm-up, throughput, then the steady phase, on one fresh deployment."""
    result = Result(name, args.workers, args.rate, args.seconds, args.drain)
    tag = f"{random.randrange(100):02d}"  # phone numbers unique to this run
    warm = signed_webhooks(WARM_UP_MESSAGES, WARM_UP_MESSAGES, SEED, tag + "7")
    burst = signed_webhooks(args.burst, args.senders, SEED + 1, tag + "8")
    steady = signed_webhooks(round(args.rate * args.seconds), args.senders, SEED + 2, tag + "9")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        running, database = stack.enter_context(
            deployment(name, folder, fakes, args.workers, args.send_rate)
        )
        assert running.serve is not None
        groups = {
            "api": [running.serve.pid],
            "worker": [worker.pid for worker in running.workers],
            "fakes": [fakes.process.pid or 0],
            "load generator": [os.getpid()],
        }
        cpu = stack.enter_context(CpuSampler(groups, database))
        run = Run(result, running, fakes, cpu, Path(args.profile) if args.profile else None)
        run.profile_idle = not args.profile_cpu
        _progress(name, "warming up (the worker loads spaCy)")
        run.warm_up(warm)
        if burst:
            _progress(name, f"throughput: {len(burst)} webhooks, {BURST_CONCURRENCY} in flight")
            run.throughput(burst)
        _progress(name, f"steady: {len(steady)} webhooks at {args.rate:g}/s")
        run.steady(steady, args.rate, args.drain)
        result.log_events = log_events(folder / "service.log")
        result.egress_blocked = result.log_events.get("WARNING agent.llm.wire_guard", 0)
    run.summarise_profiles()
    return result


def log_events(path: Path) -> Counter[str]:
    """The service's log lines by level and logger (its JSON lines; anything else, such as a
    traceback, as "other")."""
    found: Counter[str] = Counter()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return found
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            found["other"] += 1
            continue
        if isinstance(entry, dict):
            found[f"{entry.get('level')} {entry.get('logger')}"] += 1
    return found


def _progress(name: str, what: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {name}: {what}", file=sys.stderr, flush=True)


# -- the report -------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _figure(latencies: list[Latency], fraction: float) -> str:
    lower, upper = bounded_percentile(latencies, fraction)
    return _ms(lower) if lower == upper else f">= {_ms(lower)}"


def _statuses(result: Result) -> str:
    """What the webhooks not acknowledged got: HTTP statuses, and no answer in time."""
    names = {-1: f"no answer in {ACK_TIMEOUT_SECONDS:g} s or a broken connection"}
    return ", ".join(
        f"{count} × {names.get(status, f'HTTP {status}')}"
        for status, count in result.not_acked.most_common()
    )


def _client_late(result: Result) -> str:
    late = result.client_late_ms or [0.0]
    return f"{percentile(late, 0.99):.1f} ms late at p99 ({max(late):.1f} at most)"


def _reply_figure(result: Result, fraction: float) -> str:
    return _figure(result.replies, fraction)


def _unanswered(result: Result) -> int:
    return sum(1 for latency in result.replies if not latency.answered)


def _cores(cpu: dict[str, float], *names: str) -> str:
    return " / ".join(f"{cpu.get(name, 0.0):.2f}" for name in names)


_CPU_COLUMNS = ("worker", "api", "postgresql", "redis", "fakes", "load generator", "other work")


def _stage_medians(result: Result) -> str:
    return " / ".join(
        _ms(percentile(values, 0.5)) if values else "–" for values in result.stages.values()
    )


def steady_rows(results: list[Result]) -> list[str]:
    """The steady phase's table rows."""
    return [
        f"| {result.backend} | {result.workers} | {len(result.acks)} at {result.rate:g}/s "
        f"| {_figure(result.acks, 0.5)} | **{_figure(result.acks, 0.99)}** "
        f"| {_figure(result.acks, 1.0)} | **{_reply_figure(result, 0.5)}** "
        f"| {_reply_figure(result, 0.95)} | {_unanswered(result)} / {result.handed_off} "
        f"| {result.steady_replies_per_second:.1f} | {_stage_medians(result)} |"
        for result in results
    ]


def throughput_rows(results: list[Result]) -> list[str]:
    """The throughput phase's table rows."""
    return [
        f"| {result.backend} | {result.workers} | {result.burst} in "
        f"{result.burst_ingest_seconds:.1f} s | {result.replies_during_ingest:.1f} "
        f"| {result.answers_per_second:.1f} | **{result.throughput:.1f}** "
        f"| {_cores(result.burst_cpu, *_CPU_COLUMNS)} |"
        for result in results
    ]


def bottleneck(result: Result) -> str:
    """What the CPU figures of the turns' window say limits the throughput, in one sentence."""
    cpu = result.burst_cpu
    if not cpu:
        return f"On {result.backend}: no throughput window measured."
    worker = cpu.get("worker", 0.0)
    per_worker = worker / max(result.workers, 1)
    other = cpu.get("other work", 0.0)
    ours = cpu.get("machine", 0.0) - other
    cores = os.cpu_count() or 1
    if per_worker >= 0.85:
        verdict = (
            f"each worker process used {per_worker:.2f} cores, about all that one interpreter "
            "lock lets its threads use: the worker's CPU limits it"
        )
    elif cpu.get("machine", 0.0) >= 0.9 * cores:
        verdict = (
            f"all {cores} cores were busy (the deployment {ours:.2f}, other work {other:.2f}) "
            f"and each worker process used {per_worker:.2f}: the machine's CPU limits it"
        )
    else:
        verdict = (
            f"the worker used {per_worker:.2f} cores per process and the deployment {ours:.2f} "
            f"of {cores}: no CPU was saturated, so the turns spend the rest waiting (database "
            "locks, round trips)"
        )
    noise = (
        f" Other work on the machine took {other:.2f} cores meanwhile: figures pessimistic."
        if other >= 0.25
        else ""
    )
    return (
        f"On {result.backend} with {result.workers} worker process(es): "
        f"{result.throughput:.1f} replies/s end to end, turns ending at "
        f"{result.answers_per_second:.1f}/s; in the turns' window {verdict}.{noise}"
    )


def verdicts(result: Result) -> str:
    """Where one backend stands against the targets."""
    _, p99 = bounded_percentile(result.acks, 0.99)
    _, p50 = bounded_percentile(result.replies, 0.5)
    ack = "PASS" if p99 <= TARGET_ACK_P99_MS else "FAIL"
    reply = "PASS" if p50 <= TARGET_REPLY_P50_MS else "FAIL"
    return (
        f"{result.backend}, {result.workers} worker(s): ack p99 {ack} "
        f"({_figure(result.acks, 0.99)} ms vs {TARGET_ACK_P99_MS:g}); reply p50 {reply} "
        f"({_reply_figure(result, 0.5)} ms vs {TARGET_REPLY_P50_MS:g} "
        f"ms); replies kept pace with {result.rate:g}/s: "
        f"{'yes' if result.steady_replies_per_second >= 0.95 * result.rate else 'no'} "
        f"({result.steady_replies_per_second:.1f}/s while sending); the load generator began "
        f"its requests {_client_late(result)}."
    )


def report(args: argparse.Namespace, results: list[Result], load: tuple[float, float]) -> str:
    """The docs section: what was measured, on what, the table and the verdicts."""
    command = "python -m benchmarks.webhook_benchmark" + "".join(
        f" {flag} {value}"
        for flag, value, default in (
            ("--backend", args.backend, "both"),
            ("--rate", f"{args.rate:g}", "50"),
            ("--seconds", f"{args.seconds:g}", "60"),
            ("--senders", args.senders, 500),
            ("--burst", args.burst, 300),
            ("--workers", args.workers, 1),
            ("--model-ms", f"{args.model_ms:g}", "0"),
            ("--send-rate", args.send_rate, None),
        )
        if value != default
    )
    return "\n".join(
        [
            f"## Webhook to reply: latency and throughput — {datetime.now(UTC):%Y-%m-%d %H:%M} "
            f"UTC — `{command}`",
            "",
            "A real deployment (`aspinix serve --no-worker` and `aspinix worker` processes, as "
            "the e2e tests start them; reply mode auto, ASPINIX_WORKER_THREADS=2) takes signed "
            "WhatsApp webhooks over loopback; the model is the fake OpenAI-compatible server "
            "answering at once, the Graph API the fake that records when each reply arrived (both "
            "in a process of their own). SQLite: database and queue files in the data directory "
            "(DATABASE_URL unset). PostgreSQL: a fresh database, Redis db 13 as the queue. "
            f"Prospects: {args.senders} per phase, fresh BSUIDs and phones, 1 in 10 without a "
            "phone, texts with names, phones, e-mails, PAN, GSTIN, UPI and addresses "
            "(`benchmarks/agent_conversations.py`). **Ack**: client-side, open loop (up to 64 "
            "kept-alive connections), from the scheduled send to the 200; given up on after "
            f'{ACK_TIMEOUT_SECONDS:g} s (counted at the time waited, hence ">="). **Reply**: '
            "from the scheduled send to the reply's "
            f"arrival at the fake Graph API, waited for {args.drain:g} s after the last send; a "
            "message unanswered then counts with the time it had waited, so a percentile it "
            'can move is a lower bound (">="); a conversation handed off to a rep (after an '
            "egress block) gets no more replies by design: left out. **Throughput**: "
            f"{args.burst} webhooks sent as fast as the API takes them (8 in flight); "
            "**throughput** is every reply over the time from the first webhook to the last "
            "reply's arrival, **answers/s** the rate at which turns ended (reply rows stored) "
            "between the 10th and 90th percentile; CPU in cores over that window, from `/proc` "
            "(`other work`: every other process on the machine).",
            "",
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}; load average {load[0]:.1f} at the start, "
            f"{load[1]:.1f} at the end (1 min). Targets: ack p99 <= {TARGET_ACK_P99_MS:g} ms at "
            f"{args.rate:g}/s; webhook to reply p50 <= {TARGET_REPLY_P50_MS:g} ms.",
            "",
            "| backend | workers | webhooks | ack p50 ms | ack p99 ms | ack max ms | reply p50 "
            "ms | reply p95 ms | unanswered / handed off | replies/s while sending | p50 ms: "
            "stored / answered / sent |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            *steady_rows(results),
            "",
            "The last column splits the answered messages' time to reply (medians, each of its "
            "own): webhook sent → message stored (the API), stored → reply stored (the answer "
            "job's wait in the queue, then the turn up to the reply's row), reply stored → "
            "reply at the Graph API (the turn's commit, the send job's wait, the send).",
            "",
            "| backend | workers | burst webhooks | replies/s during the ingest | answers/s "
            "| throughput replies/s | CPU cores in its window: worker / api / postgresql / "
            "redis / fakes / load gen / other work |",
            "|---|---:|---:|---:|---:|---:|---|",
            *throughput_rows(results),
            "",
            *(f"- {verdicts(result)}" for result in results),
            *(f"- {bottleneck(result)}" for result in results),
        ]
    )


def print_result(result: Result) -> None:
    """The figures of one run, as they come."""
    print(f"{result.backend}, {result.workers} worker(s):")
    print(
        f"  ack ({len(result.acks)} webhooks at {result.rate:g}/s, {result.failed} not acked"
        f"{': ' + _statuses(result) if result.failed else ''}): "
        f"p50 {_figure(result.acks, 0.5)} ms, p99 {_figure(result.acks, 0.99)} ms, max "
        f"{_figure(result.acks, 1.0)} ms; the client began sending {_client_late(result)}"
    )
    print(
        f"  webhook to reply: p50 {_reply_figure(result, 0.5)} ms, p95 "
        f"{_reply_figure(result, 0.95)} ms; {_unanswered(result)} unanswered "
        f"{result.drain:g} s after the last send, "
        f"{result.handed_off} left out (handed off); {result.steady_replies_per_second:.1f} "
        "replies/s while sending"
    )
    print("  steady CPU cores: " + ", ".join(f"{k} {v:.2f}" for k, v in result.steady_cpu.items()))
    print(
        f"  throughput: {result.burst} webhooks in {result.burst_ingest_seconds:.1f} s "
        f"({result.replies_during_ingest:.1f} replies/s meanwhile); all replies in "
        f"{result.throughput_window:.1f} s: {result.throughput:.1f} replies/s; "
        f"{result.burst_missing} unanswered"
    )
    print(
        "  throughput CPU cores: " + ", ".join(f"{k} {v:.2f}" for k, v in result.burst_cpu.items())
    )
    print(
        f"  answers/s (turns ending, middle 80 %): {result.answers_per_second:.1f}; steady "
        f"stages p50 ms (stored / answered / sent): {_stage_medians(result)}"
    )
    print(f"  egress blocks (conversation handed off): {result.egress_blocked}")
    events = ", ".join(f"{name}: {count}" for name, count in result.log_events.most_common(6))
    print(f"  service log lines: {events or 'none'}")
    for name, lines in result.profiles.items():
        print(f"  py-spy {name}:", *lines, sep="\n    ")
    print(f"  {bottleneck(result)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--rate", type=float, default=50.0, help="steady webhooks per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the steady phase")
    parser.add_argument("--senders", type=int, default=500, help="prospects per phase")
    parser.add_argument("--burst", type=int, default=300, help="webhooks of the throughput phase")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--drain", type=float, default=30.0, help="seconds to wait for replies after the last send"
    )
    parser.add_argument("--model-ms", type=float, default=0.0, help="the fake model's latency")
    parser.add_argument(
        "--send-rate", type=int, default=None, help="ASPINIX_WHATSAPP_SEND_RATE (default 80)"
    )
    parser.add_argument("--profile", metavar="DIR", help="py-spy samples of API and workers")
    parser.add_argument(
        "--profile-cpu",
        action="store_true",
        help="with --profile: sample only threads on a CPU (default: waiting ones too)",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    names = list(BACKENDS) if args.backend == "both" else [args.backend]
    load_before = os.getloadavg()[0]
    fakes = Fakes(args.model_ms / 1000)
    results = []
    try:
        for name in names:
            results.append(measure(name, args, fakes))
            print_result(results[-1])
    finally:
        fakes.stop()
    text = report(args, results, (load_before, os.getloadavg()[0]))
    print(text)
    if not args.no_doc:
        replace_section("webhook", text)
        print("updated docs/benchmarks.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
