"""What every fake server of the tests shares: a threaded HTTP server on an ephemeral loopback
port, served from a background thread, started and stopped as a context manager, whose handlers
can sleep in a way that ``stop()`` interrupts."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer(ABC):
    """Subclasses name their thread and give their request handler class."""

    thread_name = "fake-server"

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @abstractmethod
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class, bound to this server's state."""

    def start(self) -> Self:
        """Listen on an ephemeral loopback port in a background thread."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self._server = server
        self._stopping.clear()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=self.thread_name
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake any handler sleeping in ``_wait``, close the socket."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _origin(self) -> str:
        """``http://127.0.0.1:<port>``; RuntimeError when the server is not running."""
        if self._server is None:
            raise RuntimeError(f"the {self.thread_name} is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _wait(self, seconds: float) -> bool:
        """Sleep; False when the server stopped meanwhile (nobody is listening any more)."""
        return not self._stopping.wait(seconds)
