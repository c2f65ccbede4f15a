"""The Gmail side of ``FakeGoogle``: the REST routes under ``/gmail/v1/users/{userId}/`` and
the batch endpoint ``/batch/gmail/v1``, whose parts go through the same handlers.

A call is checked in Google's order: a known route, a live bearer token (401), the user (``me``
or the mailbox address, else 403), the token's scopes (403 ``insufficientPermissions``), then
scripted trouble, then the handler. Answers return a ``Reply``, or None when the server stopped
during a scripted delay.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import time
import urllib.parse
from collections.abc import Callable
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from fakes.gmail_mailbox import b64url_decode, message_resource
from fakes.gmail_records import Grant, SentMail, WatchCall
from fakes.google_batch import PartResponse, format_batch, parse_batch
from fakes.google_replies import (
    Reply,
    first,
    google_error,
    json_reply,
    scripted_failure,
    wait_for_script,
)

if TYPE_CHECKING:
    from fakes.gmail_api import FakeGoogle

_FULL = "https://mail.google.com/"
_MODIFY = "https://www.googleapis.com/auth/gmail.modify"
_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
_METADATA = "https://www.googleapis.com/auth/gmail.metadata"
_SEND = "https://www.googleapis.com/auth/gmail.send"
_COMPOSE = "https://www.googleapis.com/auth/gmail.compose"
_READ_SCOPES = frozenset({_FULL, _MODIFY, _READONLY, _METADATA})
_SEND_SCOPES = frozenset({_FULL, _MODIFY, _COMPOSE, _SEND})
_USER_PATH = re.compile(r"^/gmail/v1/users/(?P<user>[^/]+)/(?P<rest>.+)$")
_TOPIC = re.compile(r"^projects/[^/]+/topics/[^/]+$")
_WATCH_DAYS_MS = 7 * 24 * 3600 * 1000
_MAX_BATCH_PARTS = 100


# -- Gmail -----------------------------------------------------------------------------------


def route_gmail(
    fake: FakeGoogle, method: str, target: str, headers: dict[str, str], body: bytes
) -> Reply | None:
    """Gmail calls and the batch endpoint (whose parts go through ``gmail_call`` too)."""
    path = urllib.parse.urlsplit(target).path
    if path != "/batch/gmail/v1":
        return gmail_call(fake, method, target, headers, body)
    if method != "POST":
        return google_error(404, "Not Found", "notFound")
    if not wait_for_script(fake, path):
        return None
    failure = scripted_failure(fake, path)
    if failure is not None:
        return failure
    try:
        parts = parse_batch(headers.get("content-type", ""), body)
    except ValueError as exc:
        return google_error(400, f"Invalid batch request: {exc}", "badRequest")
    if len(parts) > _MAX_BATCH_PARTS:
        return google_error(400, "Too many requests in a batch (at most 100)", "badRequest")
    shared = {k: v for k, v in headers.items() if not k.startswith("content-")}
    responses = []
    for part in parts:
        part_headers = {**shared, **part.headers}
        fake.record_request(part.method, part.target, part_headers, part.body, via_batch=True)
        reply = gmail_call(fake, part.method, part.target, part_headers, part.body)
        if reply is None:
            return None
        types = {k: v for k, v in reply.headers.items() if k.lower() == "content-type"}
        responses.append(PartResponse(part.content_id, reply.status, types, reply.body))
    content_type, data = format_batch(responses)
    return Reply(200, data, {"Content-Type": content_type})


def gmail_call(
    fake: FakeGoogle, method: str, target: str, headers: dict[str, str], body: bytes
) -> Reply | None:
    """One Gmail REST call: authentication, user, route, scope, scripted trouble, handler."""
    url = urllib.parse.urlsplit(target)
    query = urllib.parse.parse_qs(url.query)
    match = _USER_PATH.match(url.path)
    route = _route(method, match["rest"]) if match else None
    if match is None or route is None:
        return google_error(404, "Not Found", "notFound")
    grant = _authenticate(fake, headers.get("authorization", ""))
    if isinstance(grant, Reply):
        return grant
    user = urllib.parse.unquote(match["user"])
    if user != "me" and user.lower() != fake.email_address.lower():
        return google_error(403, f"Delegation denied for {user}", "forbidden")
    handler, scopes, argument = route
    if not scopes & set(grant.scopes):
        return google_error(
            403, "Request had insufficient authentication scopes.", "insufficientPermissions"
        )
    if not wait_for_script(fake, url.path):
        return None
    failure = scripted_failure(fake, url.path)
    if failure is not None:
        return failure
    return handler(fake, grant, query, body, argument)


Handler = Callable[["FakeGoogle", Grant, dict[str, list[str]], bytes, str], Reply]


def _route(method: str, rest: str) -> tuple[Handler, frozenset[str], str] | None:
    read, send = _READ_SCOPES, _SEND_SCOPES
    if method == "GET" and rest == "profile":
        return _profile, read | send, ""
    if method == "POST" and rest == "watch":
        return _watch, read, ""
    if method == "POST" and rest == "stop":
        return _stop, read, ""
    if method == "GET" and rest == "history":
        return _history, read, ""
    if method == "GET" and rest == "messages":
        return _list, read, ""
    if method == "POST" and rest == "messages/send":
        return _send, send, ""
    if method == "GET" and rest.startswith("messages/") and rest.count("/") == 1:
        return _get, read, urllib.parse.unquote(rest.split("/")[1])
    return None


def _authenticate(fake: FakeGoogle, authorization: str) -> Grant | Reply:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return _unauthenticated("Login Required.", "required")
    with fake.lock:
        entry = fake.access_tokens.get(token.strip())
    if entry is None or entry[0].revoked or entry[1] < time.time():
        return _unauthenticated("Invalid Credentials", "authError")
    return entry[0]


def _unauthenticated(message: str, reason: str) -> Reply:
    reply = google_error(401, message, reason)
    return Reply(
        reply.status,
        reply.body,
        {**reply.headers, "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
    )


def _int_param(query: dict[str, list[str]], name: str, default: int, maximum: int) -> int | None:
    values = query.get(name)
    if not values:
        return default
    try:
        value = int(values[0])
    except ValueError:
        return None
    return min(value, maximum) if value > 0 else None


def _profile(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, _: str
) -> Reply:
    with fake.lock:
        box = fake.mailbox
        threads = {m.thread_id for m in box.messages.values()}
        return json_reply(
            200,
            {
                "emailAddress": box.email_address,
                "messagesTotal": len(box.messages),
                "threadsTotal": len(threads),
                "historyId": str(box.history_id),
            },
        )


def _watch(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, _: str
) -> Reply:
    request = _json_body(body)
    topic = request.get("topicName") if isinstance(request, dict) else None
    if not isinstance(topic, str) or not _TOPIC.match(topic):
        return google_error(
            400,
            "Invalid topicName does not match projects/SOME-ANDROID-PROJECT/topics/*",
            "invalidArgument",
        )
    labels = request.get("labelIds") or []
    if not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
        return google_error(400, "Invalid labelIds", "invalidArgument")
    behavior = request.get("labelFilterBehavior") or request.get("labelFilterAction")
    with fake.lock:
        fake.watches.append(WatchCall(topic, tuple(labels), behavior))
        history_id = fake.mailbox.history_id
    expiration = int(time.time() * 1000) + _WATCH_DAYS_MS
    return json_reply(200, {"historyId": str(history_id), "expiration": str(expiration)})


def _stop(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, _: str
) -> Reply:
    with fake.lock:
        fake.stops += 1
    return Reply(204, b"", {})


def _history(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, _: str
) -> Reply:
    start_text = first(query, "startHistoryId")
    if start_text is None:
        return google_error(400, "Missing required parameter: startHistoryId", "required")
    if not start_text.isdigit():
        return google_error(400, "Invalid startHistoryId", "invalidArgument")
    max_results = _int_param(query, "maxResults", 100, 500)
    page_token = first(query, "pageToken")
    if max_results is None or not (page_token or "0").isdigit():
        return google_error(400, "Invalid maxResults or pageToken", "invalidArgument")
    with fake.lock:
        if int(start_text) < fake.mailbox.history_floor:
            return google_error(404, "Requested entity was not found.", "notFound")
        answer = fake.mailbox.history_page(
            int(start_text), first(query, "labelId"), page_token, max_results
        )
    types = query.get("historyTypes")
    if types is not None and "messageAdded" not in types:
        answer.pop("history", None)  # the fake records additions only
        answer.pop("nextPageToken", None)
    return json_reply(200, answer)


def _list(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, _: str
) -> Reply:
    max_results = _int_param(query, "maxResults", 100, 500)
    page_token = first(query, "pageToken")
    if max_results is None or not (page_token or "0").isdigit():
        return google_error(400, "Invalid maxResults or pageToken", "invalidArgument")
    q = first(query, "q")
    if q and _only_metadata(grant):
        return google_error(403, "Metadata scope does not support 'q' parameter", "forbidden")
    include = (first(query, "includeSpamTrash") or "false").lower() == "true"
    with fake.lock:
        answer = fake.mailbox.list_page(
            query.get("labelIds", []), q, page_token, max_results, include
        )
    return json_reply(200, answer)


def _get(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, message_id: str
) -> Reply:
    fmt = (first(query, "format") or "full").lower()
    if fmt not in ("raw", "full", "metadata", "minimal"):
        return google_error(400, f"Invalid format: {fmt}", "invalidArgument")
    if fmt in ("raw", "full") and _only_metadata(grant):
        return google_error(403, f"Metadata scope doesn't allow format {fmt.upper()}", "forbidden")
    with fake.lock:
        stored = fake.mailbox.messages.get(message_id)
        if stored is None:
            return google_error(404, "Requested entity was not found.", "notFound")
        return json_reply(200, message_resource(stored, fmt))


def _send(
    fake: FakeGoogle, grant: Grant, query: dict[str, list[str]], body: bytes, _: str
) -> Reply:
    request = _json_body(body)
    raw_text = request.get("raw") if isinstance(request, dict) else None
    if not isinstance(raw_text, str) or not raw_text:
        return google_error(
            400,
            "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
            "invalidArgument",
        )
    try:
        raw = b64url_decode(raw_text)
    except ValueError:
        return google_error(400, "Invalid value for ByteString: raw", "invalidArgument")
    message = parse_sent(raw)
    if not any(message.get(h) for h in ("To", "Cc", "Bcc")):
        return google_error(400, "Recipient address required", "invalidArgument")
    thread_id = request.get("threadId")
    if thread_id is not None and not isinstance(thread_id, str):
        return google_error(400, "Invalid thread_id value", "invalidArgument")
    with fake.lock:
        if thread_id and not fake.mailbox.has_thread(thread_id):
            return google_error(400, "Invalid thread_id value", "invalidArgument")
        stored = fake.mailbox.add(raw, thread_id=thread_id or None, labels=("SENT",))
        fake.record_sent(SentMail(stored.id, stored.thread_id, thread_id, raw, message))
    return json_reply(200, {"id": stored.id, "threadId": stored.thread_id, "labelIds": ["SENT"]})


def _only_metadata(grant: Grant) -> bool:
    return _METADATA in grant.scopes and not (set(grant.scopes) & (_READ_SCOPES - {_METADATA}))


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def parse_sent(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed
