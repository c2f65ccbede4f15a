"""Reading a request body with a size limit, before anything parses it."""

from __future__ import annotations

from fastapi import HTTPException, Request, status
from starlette.requests import ClientDisconnect


async def read_limited(request: Request, limit: int) -> bytes:
    """The raw body, or 413 as soon as it is known to exceed ``limit`` bytes (from the
    Content-Length header when there is one, else while streaming); 400 if the client
    disconnects before the body's end."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "Content-Length is not a number")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        # The client hung up mid-body (fewer bytes than its Content-Length): a client error,
        # as FastAPI makes it for the bodies it reads, not an exception logged as a 500.
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the body ended early") from None
    return b"".join(chunks)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, f"the body is larger than {limit} bytes"
    )
