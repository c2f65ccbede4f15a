"""Fuzzing a running deployment: schemathesis generates requests from the API's own
``/openapi.json``, and hand-made hostile requests cover what generated data rarely reaches.

Every generated request is signed (``X-Hub-Signature-256`` over the exact bytes sent) and
carries the admin token, so it gets past the checks to the parsers and the store behind them:
generated deliveries that look valid are stored and answered like any other. The hard rule:
nothing answers 5xx, and the API logs no error (a 500 the client never saw, because it hung up,
counts too). Responses must also match the documented status codes, content types and schemas.

One deployment on SQLite (database and queue) with one worker and no model (the playbook
answers), in review mode so that answers become drafts for the drafts API. The run is bounded
and reproducible: derandomized generation, a few dozen examples per operation, no example
database. Tests run in file order: the webhook first, while the worker boots (it loads the
guardrail models), the admin API (drafts, outbox) last.

Schemathesis is driven through its Hypothesis strategies (``operation.as_strategy``), not its
pytest integration: a schema known only once the deployment runs needs
``schemathesis.pytest.from_fixture``, which fails on pytest 9.2 (it reads
``Function._nodeid``, which 9.2 no longer has).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fakes.gmail_api import FakeGoogle
from fakes.graph_api import FakeGraphAPI
from fakes.whatsapp_payloads import (
    APP_SECRET,
    PHONE_NUMBER_ID,
    Sender,
    signed_headers,
    text_message,
    webhook_body,
)
from store.identities import IdentityKind
from tests.e2e.deployment import ADMIN_TOKEN, Deployment, deployment_env, running, wait_until

WEBHOOK = "/webhooks/whatsapp"
GMAIL_WEBHOOK = "/webhooks/gmail"
PUSH_AUDIENCE = "https://aspinix.test/webhooks/gmail"
OBJECT = "whatsapp_business_account"
MAX_BODY_BYTES = 262_144
"""ASPINIX_MAX_BODY_BYTES of the deployment: low, so that an oversized body is cheap to send,
and high enough for a body of 2000 statuses to reach the parser's own limit."""
EXAMPLES = 40
"""Generated requests per operation, positive and negative together."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
"""The response checks. Not ``positive_data_acceptance`` / ``negative_data_rejection``: the
webhook body schema is documentation, and the parser checks more than JSON Schema can say (a
message's sender may come from its contact, a body carries at most 1000 items). Not
``ignored_auth``: every request without the token counts towards the admin lockout, which would
then refuse the rest of the run."""

GARBAGE = (
    "Z\u0336a\u0337l\u0338g\u0335o\u0334 \u202eesrever\u202c \u200b\ufeff "
    "\U0001f9d1\u200d\U0001f4bb \u0000 \U0010ffff \ufffd \u0627\u0644\u0633\u0644\u0627\u0645 "
    "\u0939\u093f\u0902\u0926\u0940 " + "\u0301" * 500
)
"""Valid Unicode nobody types: combining marks, a bidi override, zero widths, a ZWJ sequence,
NUL, the last code point, Arabic and Devanagari, and 500 combining accents in a row."""


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    """Google's side of the Gmail push: the certificates that sign the push tokens."""
    with FakeGoogle() as fake:
        yield fake


@pytest.fixture(scope="module")
def fuzz_service(
    tmp_path_factory: pytest.TempPathFactory,
    master_key_text: str,
    graph: FakeGraphAPI,
    google: FakeGoogle,
) -> Iterator[Deployment]:
    """The deployment under fuzz, its API log in a file the tests read."""
    data_dir = tmp_path_factory.mktemp("fuzz")
    gmail = google.service_env(audience=PUSH_AUDIENCE, public_url="https://a.test", topic=None)
    env, workspace = deployment_env(
        data_dir=data_dir,
        master_key=master_key_text,
        openai_base_url=None,
        graph_base_url=graph.base_url,
        reply_mode="review",
        extra={"ASPINIX_MAX_BODY_BYTES": str(MAX_BODY_BYTES), **gmail},
    )
    deployment = Deployment(
        env=env,
        database_url=f"sqlite:///{data_dir / 'aspinix.db'}",
        master_key=master_key_text,
        workspace=workspace,
        serve_log=data_dir / "serve.log",
    )
    yield from running(deployment)


def _server_errors(deployment: Deployment, start: int) -> list[str]:
    """The API's log lines at level ERROR (an exception in a route among them) from ``start``."""
    assert deployment.serve_log is not None
    with deployment.serve_log.open("rb") as log:
        log.seek(start)
        lines = log.read().decode(errors="replace").splitlines()
    return [line for line in lines if '"level": "ERROR"' in line or "Traceback" in line]


@pytest.fixture(autouse=True)
def _no_server_error_logged(fuzz_service: Deployment) -> Iterator[None]:
    """Each test leaves no error in the API's log."""
    assert fuzz_service.serve_log is not None
    start = fuzz_service.serve_log.stat().st_size
    yield
    # One more request: the API has logged whatever the test's own requests caused.
    httpx.get(f"{fuzz_service.base_url}/healthz", timeout=10)
    assert _server_errors(fuzz_service, start) == []


# -- drafts to review ----------------------------------------------------------------------------

SEEDS = 5
"""Prospects who write first: three drafts for the fuzzing, one to refuse, one to approve."""


def _new_sender() -> Sender:
    return Sender(
        wa_id=None,
        bsuid=f"IN.{uuid.uuid4().int % 10**16:016d}",
        profile_name=GARBAGE[:200],
        username=f"\u202eadmin.{uuid.uuid4().hex[:8]}",  # a shared username is one contact
    )


@pytest.fixture(scope="module")
def seed_senders(fuzz_service: Deployment) -> list[Sender]:
    """Messages posted before any fuzzing: their drafts come first, while the worker boots."""
    senders = [_new_sender() for _ in range(SEEDS)]
    for sender in senders:
        body = webhook_body(text_message(GARBAGE, sender=sender))
        response = fuzz_service.post_webhook(body)
        assert response.status_code == 200 and response.json()["stored"] == 1, response.text
    return senders


def _drafts(deployment: Deployment) -> list[dict[str, Any]]:
    response = deployment.admin("GET", "/api/drafts")
    assert response.status_code == 200, response.text
    drafts: list[dict[str, Any]] = response.json()
    return drafts


def _conversation_id(deployment: Deployment, sender: Sender) -> str:
    with deployment.ledger() as ledger:
        contact = ledger.contacts.find(IdentityKind.BSUID, sender.bsuid or "")
        assert contact is not None
        return ledger.conversations.open(contact.id, "whatsapp").id


@pytest.fixture(scope="module")
def seed_drafts(fuzz_service: Deployment, seed_senders: list[Sender]) -> list[str]:
    """The seed prospects' drafts, in their order, once the worker wrote them all."""
    conversations = [_conversation_id(fuzz_service, sender) for sender in seed_senders]

    def written() -> list[str] | None:
        by_conversation = {d["conversation_id"]: d["id"] for d in _drafts(fuzz_service)}
        ids = [by_conversation.get(conversation) for conversation in conversations]
        return None if None in ids else [draft_id for draft_id in ids if draft_id]

    found = wait_until(written, timeout=90, what="the seed prospects' drafts")
    assert isinstance(found, list)
    return found


# -- generated requests ------------------------------------------------------------------------


class SignedAdmin(requests.auth.AuthBase):
    """Signs the body exactly as sent and adds the admin token, on every generated request;
    a Gmail push gets a token Google's key signed instead.

    A requests auth runs once the body is serialized, so the HMAC covers the bytes on the wire
    whatever schemathesis generated (JSON, no body, a negative case's other media type).
    """

    def __init__(self, push_token: str) -> None:
        self._push_token = push_token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        raw = body.encode() if isinstance(body, str) else body
        assert isinstance(raw, bytes), f"a body schemathesis streams: {type(raw)}"
        digest = hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        request.headers["X-Hub-Signature-256"] = f"sha256={digest}"
        gmail = (request.path_url or "").startswith(GMAIL_WEBHOOK)
        token = self._push_token if gmail else ADMIN_TOKEN
        request.headers["Authorization"] = f"Bearer {token}"
        return request


def _narrowed(node: Any) -> None:
    """Narrow a body schema, in place, to what the parser reads: no properties the schema does
    not list (the served one accepts any, as Meta adds fields without notice) and at most three
    items per array. Random extra keys and long arrays would spend the example budget, and most
    of the generation time, on what the parser ignores or repeats."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
        if node.get("type") == "array":
            node["maxItems"] = 3
        for value in node.values():
            _narrowed(value)
    elif isinstance(node, list):
        for value in node:
            _narrowed(value)


def _to_our_number(body: Any) -> Any:
    """Address a generated delivery to the deployment's number: the webhook drops messages for
    other numbers before the store, where a generated ``phone_number_id`` would send them all."""
    entries = body.get("entry") if isinstance(body, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            value = change.get("value") if isinstance(change, dict) else None
            metadata = value.get("metadata") if isinstance(value, dict) else None
            if isinstance(metadata, dict):
                metadata["phone_number_id"] = PHONE_NUMBER_ID
    return body


@pytest.fixture(scope="module")
def api_schema(fuzz_service: Deployment, seed_senders: list[Sender]) -> schemathesis.BaseSchema:
    """The deployment's served OpenAPI document, its webhook body narrowed."""
    spec = httpx.get(f"{fuzz_service.base_url}/openapi.json", timeout=10).json()
    _narrowed(spec["paths"][WEBHOOK]["post"]["requestBody"])
    config = schemathesis.Config.from_dict({"base-url": fuzz_service.base_url})
    loaded = schemathesis.openapi.from_dict(spec, config=config)

    @loaded.hook
    def map_body(context: schemathesis.HookContext, body: Any) -> Any:
        return _to_our_number(body)

    return loaded


WEBHOOK_OPERATIONS = [
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", WEBHOOK),
    ("POST", WEBHOOK),
    ("POST", GMAIL_WEBHOOK),
    ("GET", "/unsubscribe/{token}"),
    ("POST", "/unsubscribe/{token}"),
]
ADMIN_OPERATIONS = [
    ("GET", "/api/drafts"),
    ("POST", "/api/drafts/{draft_id}/approve"),
    ("POST", "/api/drafts/{draft_id}/reject"),
    ("GET", "/api/outbox"),
    ("POST", "/api/conversations/{conversation_id}/follow-ups"),
]


def _fuzz(
    operation: Any, push_token: str, *extra: st.SearchStrategy[Case[Any]]
) -> tuple[Counter[int], int]:
    """Send ``EXAMPLES`` generated requests to ``operation``, checking each response; how many
    responses had each status code, and how many messages the webhook stored."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
        *extra,
    )
    statuses: Counter[int] = Counter()
    stored = 0
    with requests.Session() as session:

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def send(case: Case[Any]) -> None:
            nonlocal stored
            response = case.call_and_validate(
                session=session, auth=SignedAdmin(push_token), checks=CHECKS
            )
            statuses[response.status_code] += 1
            if case.path == WEBHOOK and case.method == "POST" and response.status_code == 200:
                stored += response.json()["stored"]

        send()
    # The token and the signature were good: nothing was refused as unauthenticated.
    assert statuses.keys().isdisjoint({401, 429}), statuses
    return statuses, stored


def test_every_served_operation_is_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    served = {(method.upper(), path) for path in api_schema for method in api_schema[path]}
    assert served == {*WEBHOOK_OPERATIONS, *ADMIN_OPERATIONS}


@pytest.mark.parametrize(
    ("method", "path"), WEBHOOK_OPERATIONS, ids=[" ".join(op) for op in WEBHOOK_OPERATIONS]
)
def test_generated_requests_get_no_server_error(
    api_schema: schemathesis.BaseSchema, google: FakeGoogle, method: str, path: str
) -> None:
    operation = api_schema[path][method]
    extra = []
    if (method, path) == ("POST", WEBHOOK):  # well-formed deliveries of generated text too
        extra.append(
            st.text(max_size=200).map(
                lambda text: operation.Case(
                    body=json.loads(webhook_body(text_message(text, sender=_new_sender()))),
                    media_type="application/json",
                )
            )
        )
    statuses, stored = _fuzz(operation, google.push_token(PUSH_AUDIENCE), *extra)
    if (method, path) == ("POST", WEBHOOK):
        assert 403 not in statuses, statuses  # every body was signed as sent
        assert stored > 0, f"no generated message reached the store: {statuses}"


# -- hand-made webhook bodies that generated data rarely reaches ---------------------------------


def _envelope(value: dict[str, Any]) -> dict[str, Any]:
    """A body with one ``messages`` change carrying ``value`` (metadata added)."""
    metadata = {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID}
    full = {"messaging_product": "whatsapp", "metadata": metadata, **value}
    change = {"field": "messages", "value": full}
    return {"object": OBJECT, "entry": [{"id": "1", "changes": [change]}]}


def _message(**fields: Any) -> dict[str, Any]:
    """A text message from a BSUID, ``fields`` replacing or adding to it."""
    message = {
        "from_user_id": "US.1000000000000001",
        "id": f"wamid.fuzz-{uuid.uuid4().hex}",
        "timestamp": "1700000000",
        "type": "text",
        "text": {"body": "hi"},
    }
    return {**message, **fields}


def _json(document: Any) -> bytes:
    return json.dumps(document).encode()


WRONG_SHAPES: dict[str, bytes] = {
    "an array": b"[]",
    "null": b"null",
    "a number": b"12",
    "a string": b'"whatsapp_business_account"',
    "another object": _json({"object": "page", "entry": []}),
    "no entry": _json({"object": OBJECT}),
    "entry an object": _json({"object": OBJECT, "entry": {"changes": []}}),
    "changes a string": _json({"object": OBJECT, "entry": [{"changes": "messages"}]}),
    "a change without value": _json({"object": OBJECT, "entry": [{"changes": [{"field": "x"}]}]}),
    "another product": _json(_envelope({"messaging_product": "instagram"})),
    "messages an object": _json(_envelope({"messages": {"0": _message()}})),
    "a message without sender": _json(_envelope({"messages": [_message(from_user_id=None)]})),
    "a text message without text": _json(_envelope({"messages": [_message(text=None)]})),
    "a timestamp after 9999": _json(_envelope({"messages": [_message(timestamp="9" * 14)]})),
    "a negative timestamp": _json(_envelope({"messages": [_message(timestamp=-1)]})),
    "a text too long": _json(_envelope({"messages": [_message(text={"body": "x" * 65_537})]})),
    "a NUL in a message id": _json(_envelope({"messages": [_message(id="wamid.\x00")]})),
    "a message id too long": _json(_envelope({"messages": [_message(id="w" * 257)]})),
    "a NUL in a status id": _json(
        _envelope({"statuses": [{"id": "w\x00", "status": "read", "timestamp": "1"}]})
    ),
    "a status without id": _json(_envelope({"statuses": [{"status": "read", "timestamp": "1"}]})),
    "an error code as text": _json(
        _envelope({"statuses": [{"id": "w", "status": "failed", "timestamp": "1", "errors": [1]}]})
    ),
    "nested 20000 deep": b"[" * 20_000 + b"]" * 20_000,
    "NaN": b'{"object": NaN, "entry": []}',
}

NOT_JSON: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)),
    "text": b"hello, world",
    "truncated": webhook_body(text_message("hi"))[:-3],
    "form encoded": b"object=whatsapp_business_account&entry=1",
    "invalid UTF-8 in a string": b'{"object": "\xff\xfe", "entry": []}',
    "a byte order mark first": b"\xef\xbb\xbf" + webhook_body(),
}

BROKEN_UNICODE: dict[str, bytes] = {
    "in a text": _json(_envelope({"messages": [_message(text={"body": "\ud800"})]})),
    "in a name": _json(
        _envelope(
            {
                "contacts": [{"user_id": "US.1000000000000001", "profile": {"name": "\udfff x"}}],
                "messages": [_message()],
            }
        )
    ),
    "in a sender id": _json(_envelope({"messages": [_message(from_user_id="US.\ud800")]})),
    "in a message id": _json(_envelope({"messages": [_message(id="wamid.\udbff")]})),
    "in a status id": _json(
        _envelope({"statuses": [{"id": "\ud800", "status": "read", "timestamp": "1"}]})
    ),
}
"""Lone surrogate escapes: JSON by its grammar, but no Unicode text (they cannot be encoded)."""


@pytest.mark.parametrize("body", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_signed_body_of_the_wrong_shape_is_refused(fuzz_service: Deployment, body: bytes) -> None:
    response = fuzz_service.post_webhook(body)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("body", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_a_signed_body_that_is_not_json_is_refused(fuzz_service: Deployment, body: bytes) -> None:
    response = fuzz_service.post_webhook(body)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("body", BROKEN_UNICODE.values(), ids=BROKEN_UNICODE.keys())
def test_a_signed_body_with_a_lone_surrogate_is_refused(
    fuzz_service: Deployment, body: bytes
) -> None:
    response = fuzz_service.post_webhook(body)
    assert response.status_code == 400, response.text


def test_garbage_unicode_everywhere_is_stored(fuzz_service: Deployment) -> None:
    contact = {"user_id": f"US.{GARBAGE[:50]}", "username": GARBAGE, "profile": {"name": GARBAGE}}
    wamid = "wamid." + GARBAGE.replace("\x00", "")[:200]  # a NUL in an id: refused (above)
    message = _message(from_user_id=contact["user_id"], id=wamid)
    body = _json(
        _envelope({"contacts": [contact], "messages": [{**message, "text": {"body": GARBAGE}}]})
    )
    response = fuzz_service.post_webhook(body)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 1


def _statuses(count: int) -> bytes:
    """A body reporting ``count`` statuses of messages that are not ours."""
    statuses = [{"id": f"wamid.{n}", "status": "read", "timestamp": "1"} for n in range(count)]
    return _json(_envelope({"statuses": statuses}))


def test_2000_statuses_are_refused_and_1000_accepted(fuzz_service: Deployment) -> None:
    too_many = _statuses(2000)
    assert len(too_many) < MAX_BODY_BYTES  # refused by the parser, not by the size limit
    response = fuzz_service.post_webhook(too_many)
    assert response.status_code == 400 and "more than 1000" in response.text, response.text
    at_the_limit = fuzz_service.post_webhook(_statuses(1000))
    assert at_the_limit.status_code == 200, at_the_limit.text
    assert at_the_limit.json() == {"stored": 0, "duplicates": 0, "receipts": 0}


def test_a_signed_body_over_the_size_limit_is_refused(fuzz_service: Deployment) -> None:
    text = "x" * MAX_BODY_BYTES
    response = fuzz_service.post_webhook(_json(_envelope({"messages": [_message(text=text)]})))
    assert response.status_code == 413, response.text


def test_a_chunked_body_over_the_size_limit_is_refused(fuzz_service: Deployment) -> None:
    # No Content-Length: the limit is enforced while the body streams in.
    body = b" " * (MAX_BODY_BYTES + 1)
    response = httpx.post(
        f"{fuzz_service.base_url}{WEBHOOK}",
        content=(body[i : i + 16_384] for i in range(0, len(body), 16_384)),
        headers=signed_headers(APP_SECRET, body),
        timeout=10,
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text


def _raw_exchange(
    deployment: Deployment, content_length: str, body: bytes, *, hang_up: bool = False
) -> int | None:
    """POST the signed ``body`` with ``content_length`` declared, over a bare socket (no client
    to correct the header), and read the status code; None if the API closed the connection
    without answering. ``hang_up`` ends the upload after ``body``, short of the declared length.
    """
    signature = signed_headers(APP_SECRET, body)["X-Hub-Signature-256"]
    head = (
        f"POST {WEBHOOK} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"X-Hub-Signature-256: {signature}\r\nContent-Length: {content_length}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", deployment.port), timeout=10) as sock:
        sock.sendall(head + body)
        if hang_up:
            sock.shutdown(socket.SHUT_WR)
        status_line = sock.makefile("rb").readline()
    if not status_line:
        return None
    assert status_line.startswith(b"HTTP/1.1 "), status_line
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    "content_length",
    ["9" * 40, str(MAX_BODY_BYTES + 1), str(2**63), "-1", "12abc", " 0x10"],
    ids=["40 digits", "limit+1", "2**63", "negative", "not a number", "hex"],
)
def test_a_huge_or_bogus_content_length_is_refused(
    fuzz_service: Deployment, content_length: str
) -> None:
    status = _raw_exchange(fuzz_service, content_length, webhook_body(text_message("hi")))
    assert status is not None and 400 <= status < 500, status


def test_a_client_hanging_up_mid_body_causes_no_server_error(fuzz_service: Deployment) -> None:
    # Nobody is left to read the answer; the API must not log an error either (checked after
    # every test, by _no_server_error_logged).
    body = webhook_body(text_message("hi"))
    status = _raw_exchange(fuzz_service, str(len(body) + 100), body, hang_up=True)
    assert status is None or 400 <= status < 500, status


# -- the admin API, once the worker has written drafts -------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"), ADMIN_OPERATIONS, ids=[" ".join(op) for op in ADMIN_OPERATIONS]
)
def test_generated_admin_requests_get_no_server_error(
    api_schema: schemathesis.BaseSchema,
    seed_drafts: list[str],
    google: FakeGoogle,
    method: str,
    path: str,
) -> None:
    operation = api_schema[path][method]
    extra = []
    if "{draft_id}" in path:  # a generated id is never a draft's: real ones too
        extra.append(
            st.sampled_from(seed_drafts[:3]).flatmap(
                lambda draft_id: operation.as_strategy(path_parameters={"draft_id": draft_id})
            )
        )
    statuses, _ = _fuzz(operation, google.push_token(PUSH_AUDIENCE), *extra)
    if "{draft_id}" in path:
        assert statuses.keys() & {200, 409}, statuses  # real drafts were acted on


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"text": "\\ud800"}', 422),
        (b'{"text": "a \\udfff b"}', 422),
        (json.dumps({"text": "x" * 65_537}).encode(), 422),
        (json.dumps({"text": "x" * 5_000}).encode(), 422),
        (json.dumps({"text": " \n\t "}).encode(), 422),
        (b'{"text": 12}', 422),
        (b"[]", 422),
        (b'{"text": ', 422),
        (b"\xff\xfe not json", 400),
    ],
    ids=[
        "lone-surrogate",
        "low-surrogate",
        "over-the-field-limit",
        "over-whatsapp-limit",
        "blank",
        "a-number",
        "an-array",
        "truncated",
        "binary",
    ],
)
def test_a_hostile_approval_is_refused_and_the_draft_stays(
    fuzz_service: Deployment, seed_drafts: list[str], body: bytes, status: int
) -> None:
    draft_id = seed_drafts[3]
    response = httpx.post(
        f"{fuzz_service.base_url}/api/drafts/{draft_id}/approve",
        content=body,
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == status, response.text
    assert "\\ud8" not in response.text and "\\udf" not in response.text  # never echoed
    assert draft_id in {draft["id"] for draft in _drafts(fuzz_service)}


def test_an_approval_with_garbage_text_is_sent_once(
    fuzz_service: Deployment,
    graph: FakeGraphAPI,
    seed_senders: list[Sender],
    seed_drafts: list[str],
) -> None:
    path = f"/api/drafts/{seed_drafts[4]}/approve"
    first = fuzz_service.admin("POST", path, json={"text": GARBAGE})
    assert first.status_code == 200, first.text
    again = fuzz_service.admin("POST", path, json={"text": "x"})
    assert again.status_code == 409, again.text
    rejected = fuzz_service.admin("POST", f"/api/drafts/{seed_drafts[4]}/reject")
    assert rejected.status_code == 409, rejected.text
    recipient = seed_senders[4].bsuid
    sent = wait_until(
        lambda: [text for to, text in graph.sent_texts() if to == recipient], what="the send"
    )
    assert sent == [GARBAGE]
