"""The fake WhatsApp Cloud API answers like Meta: auth, body validation, scripted failures."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fakes.graph_api import DEFAULT_TOKEN, Accept, Delay, Drop, FakeGraphAPI, GraphError

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
TEXT = {
    "messaging_product": "whatsapp",
    "recipient_type": "individual",
    "to": "16505551234",
    "type": "text",
    "text": {"preview_url": False, "body": "Hello"},
}


@pytest.fixture
def graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(phone_number_id="123") as server:
        yield server


def post(
    graph: FakeGraphAPI, body: Any, headers: dict[str, str] = AUTH, path: str = "/123/messages"
) -> httpx.Response:
    return httpx.post(graph.base_url + path, json=body, headers=headers, timeout=5)


def test_the_base_url_carries_the_version(graph: FakeGraphAPI) -> None:
    assert graph.base_url.startswith("http://127.0.0.1:") and graph.base_url.endswith("/v23.0")
    with FakeGraphAPI(version="v99.0") as other:
        assert other.base_url.endswith("/v99.0")


def test_a_text_to_a_phone_is_accepted_like_meta_does(graph: FakeGraphAPI) -> None:
    response = post(graph, TEXT)
    assert response.status_code == 200
    answer = response.json()
    wamid = answer["messages"][0]["id"]
    assert answer["contacts"] == [{"input": "16505551234", "wa_id": "16505551234"}]
    assert answer["messaging_product"] == "whatsapp" and wamid.startswith("wamid.")
    assert graph.accepted() == [(wamid, TEXT)]
    assert graph.sent_texts() == [("16505551234", "Hello")]


def test_a_send_to_a_bsuid_answers_with_user_id(graph: FakeGraphAPI) -> None:
    body = {**TEXT, "recipient": "US.1349"}
    del body["to"]
    assert post(graph, body).json()["contacts"] == [{"input": "US.1349", "user_id": "US.1349"}]
    assert graph.sent_texts() == [("US.1349", "Hello")]


def test_every_wamid_is_unique(graph: FakeGraphAPI) -> None:
    ids = {post(graph, TEXT).json()["messages"][0]["id"] for _ in range(5)}
    assert len(ids) == 5


def test_a_wrong_token_is_graph_error_190(graph: FakeGraphAPI) -> None:
    response = post(graph, TEXT, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    error = response.json()["error"]
    assert (error["code"], error["type"]) == (190, "OAuthException")
    assert set(error) >= {"message", "fbtrace_id"}
    assert graph.accepted() == []


def test_another_phone_number_id_is_refused(graph: FakeGraphAPI) -> None:
    response = post(graph, TEXT, path="/456/messages")
    assert (response.status_code, response.json()["error"]["code"]) == (400, 100)


def test_unknown_paths_are_404(graph: FakeGraphAPI) -> None:
    assert post(graph, TEXT, path="/123/media").status_code == 404
    assert httpx.get(graph.base_url + "/123/messages").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"messaging_product": "sms"},
        {"recipient_type": "group"},
        {"to": None},
        {"to": ""},
        {"type": "image"},
        {"text": {"body": ""}},
        {"text": {"body": "x" * 4097}},
        {"text": {"body": "hi", "preview_url": "yes"}},
        {"context": {"message_id": 5}},
        {"type": "template", "template": {"language": {"code": "en_US"}}},
        {"type": "template", "template": {"name": "hello"}},
        {
            "type": "template",
            "template": {"name": "x", "language": {"code": "en"}, "components": {}},
        },
    ],
)
def test_bad_shapes_are_graph_error_100(graph: FakeGraphAPI, change: dict[str, Any]) -> None:
    response = post(graph, {**TEXT, **change})
    assert (response.status_code, response.json()["error"]["code"]) == (400, 100)
    assert graph.accepted() == []


def test_a_non_object_body_is_graph_error_100(graph: FakeGraphAPI) -> None:
    response = httpx.post(f"{graph.base_url}/123/messages", content=b"[1]", headers=AUTH)
    assert (response.status_code, response.json()["error"]["code"]) == (400, 100)


def test_scripted_errors_come_in_order_then_success(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(503, 2), GraphError(429, 130429, retry_after="7"))
    first, second, third = (post(graph, TEXT) for _ in range(3))
    assert (first.status_code, first.json()["error"]["code"]) == (503, 2)
    assert "retry-after" not in first.headers
    assert (second.status_code, second.headers["retry-after"]) == (429, "7")
    assert third.status_code == 200


def test_invalid_requests_do_not_take_a_scripted_reply(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(500, 1))
    post(graph, TEXT, headers={})
    assert post(graph, TEXT).status_code == 500


def test_a_scripted_wamid_is_used(graph: FakeGraphAPI) -> None:
    graph.script(Accept("wamid.CHOSEN"))
    assert post(graph, TEXT).json()["messages"][0]["id"] == "wamid.CHOSEN"


def test_a_delay_holds_the_answer(graph: FakeGraphAPI) -> None:
    graph.script(Delay(0.3, then=GraphError(500, 1)))
    started = time.monotonic()
    assert post(graph, TEXT).status_code == 500
    assert time.monotonic() - started >= 0.3
    graph.script(Delay(1.0))
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{graph.base_url}/123/messages", json=TEXT, headers=AUTH, timeout=0.1)


def test_a_drop_closes_the_connection_without_an_answer(graph: FakeGraphAPI) -> None:
    graph.script(Drop())
    with pytest.raises(httpx.RemoteProtocolError):
        post(graph, TEXT)
    assert post(graph, TEXT).status_code == 200


def test_requests_are_recorded_and_reset_forgets_them(graph: FakeGraphAPI) -> None:
    post(graph, TEXT)
    request = graph.last_request
    assert (request.method, request.path, request.json) == ("POST", "/v23.0/123/messages", TEXT)
    assert request.headers["authorization"] == f"Bearer {DEFAULT_TOKEN}"
    graph.script(GraphError(500, 1))
    graph.reset()
    assert graph.requests == [] and graph.accepted() == []
    assert post(graph, TEXT).status_code == 200
    with FakeGraphAPI() as fresh, pytest.raises(AssertionError):
        _ = fresh.last_request


def test_the_base_url_needs_a_running_server() -> None:
    with pytest.raises(RuntimeError, match="start"):
        _ = FakeGraphAPI().base_url
