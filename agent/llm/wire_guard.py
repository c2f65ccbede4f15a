"""The wire check: the last look at every request before it leaves for an AI provider.

Pseudonymisation replaces real values before the agent builds a prompt; this is the defence in
depth behind it. httpx transports wrap the real one and, before sending, check the request's URL
and body against the current conversation's ``LeakDetector``. A request holding a real value in
any spelling is not sent: ``EgressBlocked`` is raised, naming the host and the entity types only.

The conversation is set per turn with ``egress_scope(detector)``, kept in a ``ContextVar``, so it
follows the call into the thread pools and tasks LangChain and LangGraph run model calls in (they
copy the context). It fails closed: a request made when no scope is active is blocked too.

How a block reaches the caller (checked in openai 3.57, ``openai/_base_client.py``, the
``request()`` loops of ``SyncAPIClient`` and ``AsyncAPIClient``): the SDK retries and wraps in
``APIConnectionError`` only ``httpx.RequestError`` (and a few TLS errors); any other exception
from the transport propagates as it is, without a retry. ``EgressBlocked`` is deliberately not an
httpx error, and langchain-openai re-raises non-openai exceptions unchanged, so the agent's
``invoke`` / ``ainvoke`` raises ``EgressBlocked`` itself. Should some layer still wrap or swallow
it, the scope has recorded every block: leaving the ``with`` block raises ``EgressBlocked``
(chained to whatever was raised instead) whenever anything was blocked during the turn, and
``scope.blocked`` lists the blocks (host and entity types) for the turn's one audit entry.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import unquote_plus

import httpx

from agent.llm.errors import EgressBlocked, NoEgressScope, UncheckableBody
from guardrails.leak_check import LeakDetector

logger = logging.getLogger(__name__)

_CURRENT: ContextVar[EgressScope | None] = ContextVar("aspinix_egress_scope", default=None)


@dataclass(frozen=True)
class Block:
    """One request stopped before it left: where it was going and why, never the values."""

    host: str
    entity_types: tuple[str, ...]
    reason: str


class EgressScope:
    """One conversation turn's detector and the blocks it caused (thread-safe)."""

    def __init__(self, detector: LeakDetector) -> None:
        self.detector = detector
        self._blocked: list[Block] = []
        self._lock = threading.Lock()

    @property
    def blocked(self) -> tuple[Block, ...]:
        """Every request blocked in this scope so far, oldest first."""
        with self._lock:
            return tuple(self._blocked)

    def _record(self, error: EgressBlocked) -> None:
        """Remember a block; the transport calls this before raising ``error``."""
        with self._lock:
            self._blocked.append(Block(error.host, error.entity_types, error.reason))

    def summary(self) -> EgressBlocked | None:
        """One ``EgressBlocked`` for all the scope's blocks; None when nothing was blocked.

        Its ``entity_types`` are every type found in the turn; its host is the first block's.
        """
        blocked = self.blocked
        if not blocked:
            return None
        entity_types = sorted({kind for block in blocked for kind in block.entity_types})
        return EgressBlocked(
            blocked[0].host, entity_types, "" if entity_types else blocked[0].reason
        )

    def raise_if_blocked(self) -> None:
        """Raise :meth:`summary` if any request was blocked in this scope."""
        if (summary := self.summary()) is not None:
            raise summary


@contextmanager
def egress_scope(detector: LeakDetector) -> Iterator[EgressScope]:
    """Check every request made inside the block against ``detector`` (one conversation's values).

    Leaving the block raises ``EgressBlocked`` if any request was blocked, even if a layer in
    between caught the original or wrapped it (then it is the new exception's ``__cause__``).
    """
    scope = EgressScope(detector)
    token = _CURRENT.set(scope)
    try:
        yield scope
    except Exception as error:
        summary = scope.summary()
        if summary is None or isinstance(error, EgressBlocked):
            raise
        raise summary from error
    finally:
        _CURRENT.reset(token)
    scope.raise_if_blocked()


def _check_request(request: httpx.Request) -> None:
    """Raise ``EgressBlocked`` unless ``request`` may leave; its body must have been read."""
    host = request.url.host
    scope = _CURRENT.get()
    if scope is None:
        error = NoEgressScope(host)
        _log_block(error)
        raise error
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding != "identity":
        _block(scope, UncheckableBody(host, encoding))
    query = unquote_plus(request.url.query.decode("ascii", errors="replace"))
    found = set(scope.detector.find(f"{request.url.path}?{query}"))
    found.update(_find_in_body(scope.detector, request.content))
    if found:
        _block(scope, EgressBlocked(host, sorted(found)))


class CheckingTransport(httpx.BaseTransport):
    """Sends a request through ``inner`` only after the current scope's detector cleared it."""

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self._inner = inner if inner is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Read the whole body, check it, then send it; raises ``EgressBlocked`` instead."""
        request.read()
        _check_request(request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Close the inner transport."""
        self._inner.close()


class AsyncCheckingTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of :class:`CheckingTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Read the whole body, check it, then send it; raises ``EgressBlocked`` instead."""
        await request.aread()
        _check_request(request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()


def make_http_clients(timeout: float) -> tuple[httpx.Client, httpx.AsyncClient]:
    """Checked clients for ``ChatOpenAI(http_client=..., http_async_client=...)``."""
    return (
        httpx.Client(transport=CheckingTransport(), timeout=timeout),
        httpx.AsyncClient(transport=AsyncCheckingTransport(), timeout=timeout),
    )


def _find_in_body(detector: LeakDetector, body: bytes) -> list[str]:
    if not body:
        return []
    try:
        decoded = json.loads(body)
    except ValueError:  # not JSON (or not UTF-8): checked as text, undecodable bytes replaced
        return detector.find(body.decode("utf-8", errors="replace"))
    return detector.find_in_json(decoded)


def _block(scope: EgressScope, error: EgressBlocked) -> NoReturn:
    scope._record(error)
    _log_block(error)
    raise error


def _log_block(error: EgressBlocked) -> None:
    logger.warning(
        "egress_blocked",
        extra={
            "host": error.host,
            "entity_types": list(error.entity_types),
            "kind": type(error).__name__,
        },
    )
