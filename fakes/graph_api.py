"""A fake WhatsApp Cloud API (Graph API) on loopback: real HTTP, Meta's send wire format.

Point ``GraphClient(api_base=fake.base_url, ...)`` at it. ``POST /<version>/<phone_number_id>/
messages`` checks the bearer token (401, Graph code 190), the body's shape (400, Graph code 100:
only text and template messages, to a ``to`` phone or a ``recipient`` BSUID) and answers like
Meta: ``{"messaging_product", "contacts": [{"input", "wa_id" | "user_id"}], "messages":
[{"id": "wamid.…"}]}``. Valid requests take the next scripted reply first: ``Accept``,
``GraphError`` (any status, a Graph code, optional ``Retry-After``), ``Delay`` (to provoke a
client timeout) or ``Drop`` (close the connection without answering). Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.loopback import LoopbackServer

DEFAULT_TOKEN = "test-access-token"
DEFAULT_VERSION = "v23.0"
_MESSAGES_PATH = re.compile(r"^/(?P<version>[^/]+)/(?P<phone_number_id>[^/]+)/messages$")
_MAX_TEXT_CHARS = 4096


@dataclass(frozen=True)
class Accept:
    """Accept the message: 200 with a fresh wamid (or ``wamid`` when given)."""

    wamid: str | None = None


@dataclass(frozen=True)
class GraphError:
    """An error with Graph's body ``{"error": {"message", "type", "code", "fbtrace_id"}}``."""

    status: int
    code: int
    message: str = "scripted error"
    type: str = "OAuthException"
    retry_after: str | None = None  # the Retry-After header, verbatim


@dataclass(frozen=True)
class Delay:
    """Wait ``seconds``, then answer with ``then`` (default ``Accept()``)."""

    seconds: float
    then: Reply | None = None


@dataclass(frozen=True)
class Drop:
    """Close the connection without sending any response."""


Reply = Accept | GraphError | Delay | Drop


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived; ``headers`` keys are lower-case; ``json`` is None if not JSON;
    ``received_at`` is the wall-clock time (``time.time()``) it was read, for latency checks."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any
    received_at: float = field(default_factory=time.time)


class FakeGraphAPI(LoopbackServer):
    """The server: use as ``with FakeGraphAPI() as graph:``, script replies, inspect requests."""

    thread_name = "fake Graph API"

    def __init__(
        self,
        *,
        access_token: str = DEFAULT_TOKEN,
        version: str = DEFAULT_VERSION,
        phone_number_id: str | None = None,
    ) -> None:
        super().__init__()
        self.access_token = access_token
        self.version = version
        self.phone_number_id = phone_number_id  # None: any phone number id is accepted
        self._replies: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._accepted: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    # -- lifecycle (start, stop, context manager: LoopbackServer) ---------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    @property
    def base_url(self) -> str:
        """The API base to configure, version included: ``http://127.0.0.1:<port>/v23.0``."""
        return f"{self._origin()}/{self.version}"

    # -- scripting -------------------------------------------------------------------------

    def script(self, *replies: Reply) -> None:
        """Queue replies; each valid send request takes the next one, then ``Accept()``."""
        with self._lock:
            self._replies.extend(replies)

    def reset(self) -> None:
        """Forget the queue and everything recorded."""
        with self._lock:
            self._replies.clear()
            self._requests.clear()
            self._accepted.clear()

    # -- what arrived ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        """The most recent request; fails the test if there was none."""
        requests = self.requests
        if not requests:
            raise AssertionError("the fake Graph API has received no request")
        return requests[-1]

    def accepted(self) -> list[tuple[str, dict[str, Any]]]:
        """``(wamid, request body)`` of every message answered with success, oldest first."""
        with self._lock:
            return list(self._accepted)

    def sent_texts(self) -> list[tuple[str, str]]:
        """``(recipient, text)`` of every accepted text message; recipient is the phone or BSUID."""
        return [
            (_recipient_of(body), body["text"]["body"])
            for _, body in self.accepted()
            if body.get("type") == "text"
        ]

    # -- used by the handler ---------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_reply(self) -> Reply:
        with self._lock:
            return self._replies.popleft() if self._replies else Accept()

    def _accept(self, reply: Accept, body: dict[str, Any]) -> str:
        wamid = reply.wamid or f"wamid.FAKE{uuid.uuid4().hex.upper()}"
        with self._lock:
            self._accepted.append((wamid, body))
        return wamid


# -- wire format -----------------------------------------------------------------------------


def _recipient_of(body: dict[str, Any]) -> str:
    """``to`` wins over ``recipient``, as on the real API."""
    return str(body.get("to") or body.get("recipient"))


def _error_body(code: int, message: str, type_: str = "OAuthException") -> bytes:
    error = {"message": message, "type": type_, "code": code, "fbtrace_id": "FakeTrace"}
    return json.dumps({"error": error}).encode()


def _shape_problem(body: Any) -> str | None:
    """Why Graph would reject this send body (error 100), or None if it is well-formed."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    if body.get("messaging_product") != "whatsapp":
        return "(#100) The parameter messaging_product is required and must be 'whatsapp'"
    if body.get("recipient_type", "individual") != "individual":
        return "(#100) Param recipient_type must be 'individual'"
    to, recipient = body.get("to"), body.get("recipient")
    if not any(isinstance(value, str) and value for value in (to, recipient)):
        return "(#100) The parameter to or recipient is required"
    context = body.get("context")
    if context is not None and not (
        isinstance(context, dict) and isinstance(context.get("message_id"), str)
    ):
        return "(#100) Param context['message_id'] must be a string"
    kind = body.get("type")
    if kind == "text":
        text = body.get("text")
        if not (isinstance(text, dict) and isinstance(text.get("body"), str) and text["body"]):
            return "(#100) Param text['body'] is required"
        if len(text["body"]) > _MAX_TEXT_CHARS:
            return "(#100) Param text['body'] must be at most 4096 characters long"
        if not isinstance(text.get("preview_url", False), bool):
            return "(#100) Param text['preview_url'] must be a boolean"
        return None
    if kind == "template":
        template = body.get("template")
        if not (isinstance(template, dict) and isinstance(template.get("name"), str)):
            return "(#100) Param template['name'] is required"
        language = template.get("language")
        if not (isinstance(language, dict) and isinstance(language.get("code"), str)):
            return "(#100) Param template['language']['code'] is required"
        if not isinstance(template.get("components", []), list):
            return "(#100) Param template['components'] must be an array"
        return None
    return "(#100) The fake Graph API accepts only text and template messages"


def _success_body(body: dict[str, Any], wamid: str) -> bytes:
    to = body.get("to")
    contact = (
        {"input": to, "wa_id": to}
        if to
        else {"input": body["recipient"], "user_id": body["recipient"]}
    )
    return json.dumps(
        {"messaging_product": "whatsapp", "contacts": [contact], "messages": [{"id": wamid}]}
    ).encode()


def _handler_for(fake: FakeGraphAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
        timeout = 10  # an idle keep-alive connection is closed after this many seconds
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: test output stays readable."""

        def do_GET(self) -> None:
            self._record(b"")
            self._send(404, _error_body(100, f"Unknown path components: {self.path}"))

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = self._record(raw)
            match = _MESSAGES_PATH.match(self.path)
            if match is None:
                self._send(404, _error_body(100, f"Unknown path components: {self.path}"))
                return
            if self.headers.get("Authorization") != f"Bearer {fake.access_token}":
                message = "Invalid OAuth access token - Cannot parse access token"
                self._send(401, _error_body(190, message))
                return
            wanted = fake.phone_number_id
            if wanted is not None and match["phone_number_id"] != wanted:
                message = "Unsupported post request. Object with ID does not exist"
                self._send(400, _error_body(100, message, "GraphMethodException"))
                return
            problem = _shape_problem(body)
            if problem is not None:
                self._send(400, _error_body(100, problem))
                return
            self._answer(fake._next_reply(), body)

        def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
            while isinstance(reply, Delay):
                if not fake._wait(reply.seconds):
                    return
                reply = reply.then if reply.then is not None else Accept()
            try:
                if isinstance(reply, Drop):
                    self.close_connection = True
                elif isinstance(reply, GraphError):
                    headers = {"Retry-After": reply.retry_after} if reply.retry_after else {}
                    error = _error_body(reply.code, reply.message, reply.type)
                    self._send(reply.status, error, headers)
                else:
                    self._send(200, _success_body(body, fake._accept(reply, body)))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout): nothing to do

        def _record(self, raw: bytes) -> Any:
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            headers = {key.lower(): value for key, value in self.headers.items()}
            fake._record(RecordedRequest(self.command, self.path, headers, raw, parsed))
            return parsed

        def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler
