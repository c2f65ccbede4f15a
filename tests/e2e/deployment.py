"""A real Aspinix deployment for end-to-end tests: ``aspinix serve`` and ``aspinix worker`` as
subprocesses, on SQLite (database and queue) or on PostgreSQL with Redis, talking to the fake
OpenAI-compatible server and the fake Graph API over loopback.

The test process reads the same database with the same master key to check what was stored.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from sqlalchemy import select

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI
from fakes.whatsapp_payloads import APP_SECRET, PHONE_NUMBER_ID, Sender, signed_headers
from guardrails.consent import load_catalogue
from store.crypto import MasterKeyRing
from store.db import Database
from store.keys import KeyManager
from store.ledger import Ledger, Ledgers
from store.models import Message
from tests.store_fixtures import Backend, create_postgresql_database, drop_postgresql_database

ADMIN_TOKEN = "test-admin-token"
ACCESS_TOKEN = "test-access-token"
VERIFY_TOKEN = "test-verify-token"
_START_TIMEOUT_SECONDS = 60.0
REDIS_URL = "redis://127.0.0.1:6379/14"


def new_sender(
    profile_name: str = "Priya Sharma",
    *,
    with_phone: bool = True,
    username: str | None = None,
) -> Sender:
    """A prospect of the test's own: a fresh BSUID and a fresh Indian phone number (none with
    ``with_phone=False``: a username user whose phone Meta withholds)."""
    return Sender(
        wa_id=f"9198{uuid.uuid4().int % 10**8:08d}" if with_phone else None,
        bsuid=f"IN.{uuid.uuid4().int % 10**16:016d}",
        profile_name=profile_name,
        username=username,
    )


def sent_to(graph: FakeGraphAPI, recipient: str | None) -> list[str]:
    """The texts the fake Graph API accepted for ``recipient`` (a wa_id or a BSUID)."""
    return [text for to, text in graph.sent_texts() if to == recipient]


def free_port() -> int:
    """A TCP port nobody listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], object], timeout: float = 90.0, what: str = "") -> object:
    """Poll ``condition`` until it returns something truthy; AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")


@dataclass
class Deployment:
    """One running service and its workers."""

    env: dict[str, str]
    database_url: str
    master_key: str
    workspace: str
    port: int = field(default_factory=free_port)
    serve_log: Path | None = None
    """A file for the API's log (its stderr), for tests that read it; None: the test's stderr."""
    serve: subprocess.Popen[bytes] | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    postgresql: Backend | None = None  # its own database, dropped when it stops
    _database: Database | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, workers: int = 1) -> Deployment:
        """Start the API (without its embedded worker) and ``workers`` worker processes."""
        self.serve = self._spawn(
            "serve", "--port", str(self.port), "--no-worker", log=self.serve_log
        )
        wait_until(self._healthy, _START_TIMEOUT_SECONDS, "the API to answer /healthz")
        for _ in range(workers):
            self.start_worker()
        return self

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = self._spawn("worker")
        self.workers.append(worker)
        return worker

    def kill_worker(self, worker: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no goodbye, no cleanup, exactly what a crash or OOM kill does."""
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        self.workers.remove(worker)

    def stop(self) -> None:
        for process in [*self.workers, self.serve]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.workers, self.serve]:
            if process is not None:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.workers.clear()
        if self._database is not None:
            self._database.dispose()
        if self.postgresql is not None:
            drop_postgresql_database(self.postgresql)

    def _child_env(self) -> dict[str, str]:
        # An empty value unsets the variable: the child must not inherit the test's own.
        return {key: value for key, value in {**os.environ, **self.env}.items() if value}

    def _spawn(self, *args: str, log: Path | None = None) -> subprocess.Popen[bytes]:
        env = self._child_env()
        command = [sys.executable, "-m", "aspinix.cli", *args]
        if log is None:
            return subprocess.Popen(command, env=env)
        with log.open("ab") as sink:
            return subprocess.Popen(command, env=env, stderr=sink)

    def _healthy(self) -> bool:
        assert self.serve is not None
        if self.serve.poll() is not None:
            raise AssertionError(f"aspinix serve exited with {self.serve.returncode}")
        try:
            return httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    # -- talking to it -------------------------------------------------------------------------

    def post_webhook(self, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
        """POST a webhook body, signed with the app secret unless ``headers`` say otherwise."""
        sent = signed_headers(APP_SECRET, body) if headers is None else headers
        return httpx.post(
            f"{self.base_url}/webhooks/whatsapp",
            content=body,
            headers={"Content-Type": "application/json", **sent},
            timeout=10,
        )

    def cli(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run an ``aspinix`` command against this deployment, as an operator would."""
        return subprocess.run(
            [sys.executable, "-m", "aspinix.cli", *args],
            env=self._child_env(),
            input=stdin,
            capture_output=True,
            timeout=120,
        )

    def admin(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        return httpx.request(
            method,
            f"{self.base_url}{path}",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=10,
            **kwargs,  # type: ignore[arg-type]
        )

    def stored(self, channel_message_id: str) -> Message | None:
        """The stored message the channel knows by ``channel_message_id``."""
        with self.ledger() as ledger:
            return ledger.scope.session.scalars(
                select(Message).where(Message.channel_message_id == channel_message_id)
            ).first()

    def ledger(self, workspace: str | None = None) -> AbstractContextManager[Ledger]:
        """A unit of work on the deployment's workspace (or ``workspace``), from the test
        process."""
        if self._database is None:
            self._database = Database(self.database_url)
        ring = MasterKeyRing.from_text(self.master_key)
        ledgers = Ledgers(self._database, KeyManager(ring), load_catalogue())
        return ledgers.open(workspace or self.workspace)


def deployment_env(
    *,
    data_dir: Path,
    master_key: str,
    openai_base_url: str | None,
    graph_base_url: str,
    database_url: str | None = None,
    queue_url: str | None = None,
    reply_mode: str = "auto",
    extra: dict[str, str] | None = None,
) -> tuple[dict[str, str], str]:
    """The environment of a deployment and its workspace slug."""
    workspace = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {
        "ASPINIX_DATA_DIR": str(data_dir),
        "ASPINIX_MASTER_KEY": master_key,
        "ASPINIX_WORKSPACE": workspace,
        "ASPINIX_REPLY_MODE": reply_mode,
        "ASPINIX_ADMIN_TOKEN": ADMIN_TOKEN,
        "ASPINIX_TURN_LEASE_SECONDS": "3",
        "ASPINIX_LOG_LEVEL": "WARNING",
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_API_BASE": graph_base_url,
        "HF_HUB_OFFLINE": "1",
        **(extra or {}),
    }
    env["DATABASE_URL"] = database_url or ""
    env["ASPINIX_QUEUE_URL"] = queue_url or ""
    if openai_base_url is not None:
        env |= {
            "OPENAI_API_KEY": "test-key",
            "OPENAI_BASE_URL": openai_base_url,
            "ASPINIX_LLM_MODEL": "fake-model",
            "ASPINIX_LLM_MAX_RETRIES": "0",
            "ASPINIX_LLM_TIMEOUT_SECONDS": "20",
        }
    else:
        env |= {"OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}
    return env, workspace


def running(deployment: Deployment, workers: int = 1) -> Iterator[Deployment]:
    """Start ``deployment``, yield it, stop it whatever happens."""
    try:
        yield deployment.start(workers)
    finally:
        deployment.stop()


def make_deployment(
    backend_name: str,
    tmp_path: Path,
    master_key: str,
    graph: FakeGraphAPI,
    ai: FakeOpenAI | None,
    reply_mode: str = "auto",
    extra_env: dict[str, str] | None = None,
) -> Deployment:
    """A deployment on ``backend_name``: "sqlite", or "postgresql" (with Redis as the queue).
    Each has a database of its own: the recovery sweep looks at every workspace in it."""
    database_url = queue_url = None
    backend: Backend | None = None
    if backend_name == "postgresql":
        backend = create_postgresql_database(tmp_path)
        database_url = backend.url
        queue_url = REDIS_URL
        redis.Redis.from_url(REDIS_URL).flushdb()
    env, workspace = deployment_env(
        data_dir=tmp_path,
        master_key=master_key,
        openai_base_url=ai.base_url if ai is not None else None,
        graph_base_url=graph.base_url,
        database_url=database_url,
        queue_url=queue_url,
        reply_mode=reply_mode,
        extra=extra_env,
    )
    return Deployment(
        env=env,
        database_url=database_url or f"sqlite:///{tmp_path / 'aspinix.db'}",
        master_key=master_key,
        workspace=workspace,
        postgresql=backend,
    )
