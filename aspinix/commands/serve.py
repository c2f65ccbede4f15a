"""``aspinix serve``: the API (uvicorn) and, on the embedded default, its worker.

On the embedded default (SQLite database and queue) the database is migrated here and one
``aspinix worker`` process is started beside the API and restarted if it dies. With a Redis or
PostgreSQL queue, workers are started on their own (``aspinix worker``), as many as needed.
TLS is terminated here with ``--certfile``/``--keyfile`` (TLS 1.3 only), or by a proxy in
front (``--forwarded-allow-ips`` names it, so client addresses come from its headers).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from aspinix.startup import StartupError

logger = logging.getLogger(__name__)
_RESTART_DELAY_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class ServeOptions:
    """Command-line options of ``aspinix serve``."""

    host: str = "127.0.0.1"
    port: int = 8000
    certfile: str | None = None
    keyfile: str | None = None
    forwarded_allow_ips: str | None = None
    api_processes: int = 1
    run_worker: bool = True


def tls13_context(config: Any, default_factory: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    """uvicorn's SSL context with every protocol older than TLS 1.3 refused."""
    context = default_factory()
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    return context


class EmbeddedWorker:
    """One ``aspinix worker`` child process, restarted whenever it exits until stopped."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._monitor = threading.Thread(target=self._supervise, daemon=True)

    def start(self) -> None:
        """Start the worker and its supervisor."""
        self._spawn()
        self._monitor.start()

    def _spawn(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "aspinix.cli", "worker"], preexec_fn=_die_with_parent
        )

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            assert self._process is not None
            code = self._process.wait()
            if self._stopping.wait(_RESTART_DELAY_SECONDS):
                return
            logger.warning("worker exited; restarting", extra={"exit_code": code})
            self._spawn()

    def stop(self) -> None:
        """Stop the worker gracefully (it finishes the turn in hand)."""
        self._stopping.set()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()


def _die_with_parent() -> None:
    """In the worker child, before it runs: the kernel sends it SIGTERM when ``aspinix serve``
    ends, however it ends (uvicorn re-raises the signal that stopped it, so no ``finally`` of
    ours runs then). Linux only; elsewhere the worker outlives a killed server."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return


def run_serve(settings: Settings, options: ServeOptions) -> int:
    """Migrate (embedded), start the worker (embedded), then serve until interrupted."""
    import uvicorn

    if bool(options.certfile) != bool(options.keyfile):
        raise StartupError("TLS needs both --certfile and --keyfile")
    open_store(settings).database.dispose()  # migrates SQLite; checks PostgreSQL is current
    worker = EmbeddedWorker() if settings.embedded_queue() and options.run_worker else None
    if worker is not None:
        worker.start()
    tls: dict[str, Any] = {}
    if options.certfile:
        tls = {
            "ssl_certfile": options.certfile,
            "ssl_keyfile": options.keyfile,
            "ssl_context_factory": tls13_context,
        }
    try:
        uvicorn.run(
            "api.app:app_from_env",
            factory=True,
            host=options.host,
            port=options.port,
            workers=options.api_processes,
            proxy_headers=options.forwarded_allow_ips is not None,
            forwarded_allow_ips=options.forwarded_allow_ips,
            access_log=False,  # a query string can carry the verify token
            log_config=None,
            **tls,
        )
    finally:
        if worker is not None:
            worker.stop()
    return 0
