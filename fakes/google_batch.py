"""Google's batch wire format for the fakes: ``multipart/mixed`` of ``application/http`` parts.

A batch request is one POST whose parts are each a whole HTTP request (request line, headers,
blank line, body) with a ``Content-ID``; the answer is a ``multipart/mixed`` whose parts are the
HTTP responses, each with ``Content-ID: <response-{the request's id}>``. That is what
googleapiclient's ``BatchHttpRequest`` writes and parses, and what Google documents at
https://developers.google.com/workspace/gmail/api/guides/batch.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus

_HEAD_BODY = re.compile(r"\r?\n\r?\n")


@dataclass(frozen=True)
class BatchPart:
    """One request of a batch; ``headers`` keys are lower-case."""

    content_id: str
    method: str
    target: str  # path and query, as in the request line
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class PartResponse:
    """The answer to one part."""

    content_id: str
    status: int
    headers: Mapping[str, str]
    body: bytes


def parse_batch(content_type: str, body: bytes) -> list[BatchPart]:
    """The parts of a batch request; ValueError if it is not multipart/mixed with HTTP parts."""
    if not content_type.lower().startswith("multipart/mixed") or "boundary=" not in content_type:
        raise ValueError("a batch request must be multipart/mixed with a boundary")
    document = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(document)
    if not message.is_multipart():
        raise ValueError("the batch body has no parts")
    parts = []
    for part in message.get_payload():
        if not isinstance(part, Message) or part.get_content_type() != "application/http":
            raise ValueError("every batch part must be application/http")
        content_id = str(part.get("Content-ID", "")).strip()
        if not content_id:
            raise ValueError("every batch part needs a Content-ID")
        parts.append(_parse_http_request(content_id, str(part.get_payload())))
    return parts


def format_batch(responses: Iterable[PartResponse]) -> tuple[str, bytes]:
    """The ``Content-Type`` and body of a batch answer."""
    boundary = f"batch_{uuid.uuid4().hex}"
    chunks: list[bytes] = []
    for response in responses:
        reason = HTTPStatus(response.status).phrase
        head = [
            f"--{boundary}",
            "Content-Type: application/http",
            f"Content-ID: {_response_id(response.content_id)}",
            "",
            f"HTTP/1.1 {response.status} {reason}",
            *(f"{name}: {value}" for name, value in response.headers.items()),
            f"Content-Length: {len(response.body)}",
            "",
            "",
        ]
        chunks.append("\r\n".join(head).encode("latin-1") + response.body + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode("ascii"))
    return f"multipart/mixed; boundary={boundary}", b"".join(chunks)


def _parse_http_request(content_id: str, payload: str) -> BatchPart:
    split = _HEAD_BODY.split(payload, maxsplit=1)
    head, body = split[0], split[1] if len(split) > 1 else ""
    request_line, *header_lines = head.splitlines()
    fields = request_line.split(" ")
    if len(fields) != 3 or not fields[2].startswith("HTTP/"):
        raise ValueError("a batch part does not start with an HTTP request line")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError("a batch part has a malformed header line")
        headers[name.strip().lower()] = value.strip()
    return BatchPart(content_id, fields[0], fields[1], headers, body.encode("utf-8"))


def _response_id(content_id: str) -> str:
    """``<abc + 1>`` becomes ``<response-abc + 1>``, as Google answers."""
    inner = (
        content_id[1:-1] if content_id.startswith("<") and content_id.endswith(">") else content_id
    )
    return f"<response-{inner}>"
