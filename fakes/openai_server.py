"""A fake OpenAI-compatible server on loopback: real HTTP, the real chat-completions wire format.

Tests point ``ChatOpenAI(base_url=fake.base_url, ...)`` or ``openai.OpenAI`` at it unchanged. It
answers from a script: a queue of turns (``Text``, ``ToolCalls``, ``Error``, ``Delay``), then a
``responder(request_json) -> turn`` callable if one is set, then ``default_reply``. It records
every request (path, headers, raw and parsed body) so tests can assert what went over the wire,
``all_request_text()`` being the haystack for "no real value ever left" assertions.

Endpoints: ``POST /v1/chat/completions`` (plain, or ``stream: true`` as server-sent events with
``stream_options.include_usage`` honoured) and ``GET /v1/models``.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.loopback import LoopbackServer

FAKE_MODEL = "fake-model"
_COMPLETIONS = "/v1/chat/completions"
_MODELS = "/v1/models"
_STREAM_PIECE_CHARS = 8  # streamed content and arguments arrive in pieces this long


@dataclass(frozen=True)
class Text:
    """An assistant message with this content; ``finish_reason`` "stop"."""

    content: str


@dataclass(frozen=True)
class ToolCall:
    """One function call; ``id`` defaults to ``call_<n>`` numbered per server."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class ToolCalls:
    """An assistant message calling tools, with optional content; ``finish_reason`` "tool_calls"."""

    calls: Sequence[ToolCall]
    content: str | None = None


@dataclass(frozen=True)
class Error:
    """An HTTP error status with OpenAI's body: ``{"error": {"message", "type", "code", ...}}``."""

    status: int
    message: str = "scripted error"
    type: str = "invalid_request_error"
    code: str | None = None


@dataclass(frozen=True)
class Delay:
    """Wait ``seconds``, then answer with ``then`` (default: the default reply).

    With a client timeout shorter than ``seconds`` this provokes a timeout. The answer after the
    wait never takes a turn from the queue: that one belongs to the client's retry.
    """

    seconds: float
    then: Turn | None = None


Turn = Text | ToolCalls | Error | Delay
Responder = Callable[[dict[str, Any]], Turn]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived. ``headers`` keys are lower-case; ``json`` is None if not JSON."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any


class FakeOpenAI(LoopbackServer):
    """The server: ``start()``, point a client at ``base_url``, script turns, ``stop()``."""

    thread_name = "fake OpenAI server"

    def __init__(self, *, model: str = FAKE_MODEL, default_reply: Turn = Text("OK")) -> None:
        super().__init__()
        self.model = model
        self.default_reply: Turn = default_reply
        self.responder: Responder | None = None
        self._initial_default = default_reply
        self._turns: deque[Turn] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    # -- lifecycle (start, stop, context manager: LoopbackServer) ---------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    @property
    def base_url(self) -> str:
        """The URL to give a client: ``http://127.0.0.1:<port>/v1``."""
        return f"{self._origin()}/v1"

    # -- scripting -------------------------------------------------------------------------

    def script(self, *turns: Turn) -> None:
        """Queue turns; each chat-completions request takes the next one."""
        with self._lock:
            self._turns.extend(turns)

    def reset(self) -> None:
        """Forget the queue, the responder, the recorded requests and any default override."""
        with self._lock:
            self._turns.clear()
            self._requests.clear()
        self.responder = None
        self.default_reply = self._initial_default

    # -- what arrived ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def completion_requests(self) -> list[RecordedRequest]:
        """Only the chat-completions requests."""
        return [r for r in self.requests if r.path == _COMPLETIONS]

    @property
    def last_request(self) -> RecordedRequest:
        """The most recent request; fails the test if there was none."""
        requests = self.requests
        if not requests:
            raise AssertionError("the fake OpenAI server has received no request")
        return requests[-1]

    def all_request_text(self) -> str:
        """Every string (keys too) in every recorded body, newline-joined: for leak assertions."""
        texts: list[str] = []
        for request in self.requests:
            if request.json is None:
                texts.append(request.body.decode("utf-8", errors="replace"))
            else:
                texts.extend(_strings_in(request.json))
        return "\n".join(texts)

    # -- used by the handler ---------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_turn(self, body: dict[str, Any]) -> Turn:
        with self._lock:
            if self._turns:
                return self._turns.popleft()
        if self.responder is not None:
            return self.responder(body)
        return self.default_reply

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"


def last_user_text(body: Mapping[str, Any]) -> str:
    """The text of the last user message in a request body: the usual input of a responder."""
    for message in reversed(body.get("messages", [])):
        if message.get("role") == "user":
            return _content_text(message.get("content"))
    return ""


def echo(body: dict[str, Any]) -> Turn:
    """A responder that replies with the last user message, verbatim."""
    return Text(last_user_text(body))


def _content_text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def _strings_in(obj: object) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _strings_in(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _strings_in(item)


# -- wire format -----------------------------------------------------------------------------


def _error_body(error: Error) -> dict[str, Any]:
    return {
        "error": {"message": error.message, "type": error.type, "param": None, "code": error.code}
    }


def _usage(request: Mapping[str, Any], turn: Text | ToolCalls) -> dict[str, int]:
    """Deterministic token counts: words in, words (and argument characters / 4) out."""
    prompt = sum(len(str(m.get("content") or "").split()) for m in request.get("messages", []))
    completion = len((turn.content or "").split())
    if isinstance(turn, ToolCalls):
        completion += sum(len(json.dumps(dict(c.args))) // 4 + 1 for c in turn.calls)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _tool_calls(fake: FakeOpenAI, turn: ToolCalls) -> list[dict[str, Any]]:
    return [
        {
            "id": call.id or fake._new_id("call_"),
            "type": "function",
            "function": {"name": call.name, "arguments": json.dumps(dict(call.args))},
        }
        for call in turn.calls
    ]


def _envelope(fake: FakeOpenAI, kind: str, request: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": fake._new_id("chatcmpl-fake"),
        "object": kind,
        "created": int(time.time()),
        "model": request.get("model", fake.model),
        "system_fingerprint": "fp_fake",
    }


def _completion(fake: FakeOpenAI, request: Mapping[str, Any], turn: Text | ToolCalls) -> bytes:
    message: dict[str, Any] = {"role": "assistant", "content": turn.content, "refusal": None}
    finish = "stop"
    if isinstance(turn, ToolCalls):
        message["tool_calls"] = _tool_calls(fake, turn)
        finish = "tool_calls"
    body = _envelope(fake, "chat.completion", request)
    body["choices"] = [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}]
    body["usage"] = _usage(request, turn)
    return json.dumps(body).encode()


def _chunks(fake: FakeOpenAI, request: Mapping[str, Any], turn: Text | ToolCalls) -> Iterator[str]:
    """The ``chat.completion.chunk`` objects of one streamed answer, as SSE ``data:`` lines."""
    include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
    envelope = _envelope(fake, "chat.completion.chunk", request)

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        body = {**envelope, "choices": [choice]}
        if include_usage:
            body["usage"] = None
        return json.dumps(body)

    yield chunk({"role": "assistant", "content": ""})
    for piece in _pieces(turn.content or ""):
        yield chunk({"content": piece})
    finish = "stop"
    if isinstance(turn, ToolCalls):
        finish = "tool_calls"
        for index, call in enumerate(_tool_calls(fake, turn)):
            function = call["function"]
            opening = {"index": index, "id": call["id"], "type": "function",
                       "function": {"name": function["name"], "arguments": ""}}  # fmt: skip
            yield chunk({"tool_calls": [opening]})
            for piece in _pieces(function["arguments"]):
                yield chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    yield chunk({}, finish)
    if include_usage:
        yield json.dumps({**envelope, "choices": [], "usage": _usage(request, turn)})
    yield "[DONE]"


def _pieces(text: str) -> Iterator[str]:
    for start in range(0, len(text), _STREAM_PIECE_CHARS):
        yield text[start : start + _STREAM_PIECE_CHARS]


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the OpenAI client expects
        timeout = 10  # an idle keep-alive connection is closed after this many seconds
        # TCP_NODELAY: headers and body go out in two writes, and with Nagle's algorithm the
        # body waits for the client's delayed ACK of the headers, about 40 ms on Linux.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: test output stays readable."""

        def do_GET(self) -> None:
            self._record(b"")
            if self.path.rstrip("/") == _MODELS:
                entry = {"id": fake.model, "object": "model", "created": 0, "owned_by": "fake"}
                self._send_json(200, {"object": "list", "data": [entry]})
            else:
                self._send_json(404, _error_body(Error(404, f"unknown path {self.path}")))

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            request = self._record(raw)
            if self.path != _COMPLETIONS:
                self._send_json(404, _error_body(Error(404, f"unknown path {self.path}")))
                return
            if not isinstance(request, dict):
                self._send_json(400, _error_body(Error(400, "the body is not a JSON object")))
                return
            try:
                turn = fake._next_turn(request)
            except Exception as error:  # a broken responder: say so rather than drop the line
                turn = Error(500, f"the fake's responder raised {error!r}", type="server_error")
            while isinstance(turn, Delay):
                if not fake._wait(turn.seconds):
                    return
                turn = turn.then if turn.then is not None else fake.default_reply
            try:
                if isinstance(turn, Error):
                    self._send_json(turn.status, _error_body(turn))
                elif request.get("stream"):
                    self._send_stream(_chunks(fake, request, turn))
                else:
                    self._send_bytes(200, "application/json", _completion(fake, request, turn))
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

        def _send_json(self, status: int, body: object) -> None:
            self._send_bytes(status, "application/json", json.dumps(body).encode())

        def _send_bytes(self, status: int, content_type: str, payload: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("x-request-id", fake._new_id("req_fake"))
            self.end_headers()
            self.wfile.write(payload)

        def _send_stream(self, events: Iterator[str]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for event in events:
                data = f"data: {event}\n\n".encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")

    return Handler
