"""Reading a request body with a size limit: the declared length, the streamed length, and a
client that hangs up mid-body (a client error, not an exception logged as a 500)."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import HTTPException, Request
from starlette.types import Message

from api.body import read_limited

LIMIT = 1024


def _read(messages: list[Message], content_length: str | None = None) -> bytes:
    """``read_limited`` on a request whose body arrives as ``messages``."""
    pending = list(messages)

    async def receive() -> Message:
        return pending.pop(0)

    headers = [] if content_length is None else [(b"content-length", content_length.encode())]
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    return asyncio.run(read_limited(Request(scope, receive), LIMIT))


def _chunk(data: bytes, more: bool) -> Message:
    return {"type": "http.request", "body": data, "more_body": more}


def test_a_body_in_chunks_is_joined() -> None:
    assert _read([_chunk(b"ab", True), _chunk(b"cd", False)]) == b"abcd"


@pytest.mark.parametrize(
    ("messages", "content_length", "status"),
    [
        ([_chunk(b"x", False)], str(LIMIT + 1), 413),
        ([_chunk(b"x", False)], "9" * 40, 413),
        ([_chunk(b"x", False)], "-1", 400),
        ([_chunk(b"x" * LIMIT, True), _chunk(b"x", False)], None, 413),
        ([_chunk(b"x", True), {"type": "http.disconnect"}], "100", 400),
    ],
    ids=[
        "declared-too-large",
        "declared-40-digits",
        "declared-negative",
        "streamed-too-large",
        "disconnected-mid-body",
    ],
)
def test_refused_bodies(messages: list[Message], content_length: str | None, status: int) -> None:
    with pytest.raises(HTTPException) as refused:
        _read(messages, content_length)
    assert refused.value.status_code == status
