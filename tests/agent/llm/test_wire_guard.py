"""The wire check: no request carrying a real value leaves, inside LangChain's agent or outside."""

from __future__ import annotations

import asyncio
import contextvars
import gzip
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import httpx
import openai
import pytest
from langchain.agents import create_agent
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from agent.llm import (
    AsyncCheckingTransport,
    Block,
    CheckingTransport,
    EgressBlocked,
    NoEgressScope,
    UncheckableBody,
    egress_scope,
    make_http_clients,
)
from fakes.openai_server import FakeOpenAI, Text, ToolCall, ToolCalls
from guardrails.leak_check import LeakDetector

DETECTOR = LeakDetector.from_values(
    [
        ("PERSON", "Priya Sharma"),
        ("PHONE_NUMBER", "+91 98765 43210"),
        ("EMAIL_ADDRESS", "priya@x.in"),
    ]
)
CLEAN = {"model": "m", "messages": [{"role": "user", "content": "Hi, <PERSON_1> here, team of 40"}]}
LEAKY = {"model": "m", "messages": [{"role": "user", "content": "priya here, 98765-43210"}]}


class Recorder:
    """An inner transport that answers 200 and remembers what reached it."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(request.read())
        return httpx.Response(200, json={"ok": True})


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(recorder: Recorder) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=CheckingTransport(recorder.transport), base_url="https://api.example.com"
    ) as checked:
        yield checked


# -- the transport --------------------------------------------------------------------------


def test_a_clean_request_is_sent_unchanged(client: httpx.Client, recorder: Recorder) -> None:
    with egress_scope(DETECTOR) as scope:
        assert client.post("/v1/chat/completions", json=CLEAN).json() == {"ok": True}
    assert [json.loads(body) for body in recorder.bodies] == [CLEAN]
    assert scope.blocked == ()


def test_a_real_value_in_another_spelling_is_not_sent(
    client: httpx.Client, recorder: Recorder
) -> None:
    with pytest.raises(EgressBlocked) as raised, egress_scope(DETECTOR) as scope:
        client.post("/v1/chat/completions", json=LEAKY)
    assert str(raised.value) == (
        "request to api.example.com blocked: it contained a real PERSON, PHONE_NUMBER value"
    )
    assert raised.value.entity_types == ("PERSON", "PHONE_NUMBER")
    assert recorder.bodies == []
    assert scope.blocked == (
        Block("api.example.com", ("PERSON", "PHONE_NUMBER"), raised.value.reason),
    )


def test_text_bodies_streamed_bodies_and_urls_are_checked(
    client: httpx.Client, recorder: Recorder
) -> None:
    def stream(text: str) -> Iterator[bytes]:
        yield from (part.encode() for part in text.split(" "))

    with egress_scope(DETECTOR):
        client.post("/upload", content=stream("plain text, nothing real"))
    assert recorder.bodies == [b"plaintext,nothingreal"]  # read to be checked, still sent whole
    for leak in (
        {"content": "write to PRIYA@X.IN"},
        {"content": stream("call 9876 543 210")},
        {"params": {"q": "priya sharma"}},
        {"content": json.dumps({"phone": 9876543210}).encode()},
    ):
        with pytest.raises(EgressBlocked), egress_scope(DETECTOR):
            client.post("/v1/x", **leak)
    assert len(recorder.bodies) == 1


def test_a_compressed_body_cannot_be_checked_so_it_is_blocked(
    client: httpx.Client, recorder: Recorder
) -> None:
    body = gzip.compress(json.dumps(CLEAN).encode())
    with pytest.raises(UncheckableBody, match="gzip-encoded"), egress_scope(DETECTOR):
        client.post("/v1/x", content=body, headers={"Content-Encoding": "gzip"})
    assert recorder.bodies == []


def test_a_request_outside_any_scope_is_blocked(client: httpx.Client, recorder: Recorder) -> None:
    with pytest.raises(NoEgressScope, match="no conversation scope was active"):
        client.post("/v1/chat/completions", json=CLEAN)
    assert recorder.bodies == []


def test_the_async_transport_checks_the_same_way(recorder: Recorder) -> None:
    async def run() -> None:
        transport = AsyncCheckingTransport(recorder.transport)
        async with httpx.AsyncClient(transport=transport, base_url="https://h.example") as client:
            with egress_scope(DETECTOR):
                await client.post("/v1/chat/completions", json=CLEAN)
            with pytest.raises(EgressBlocked, match="PERSON, PHONE_NUMBER"), egress_scope(DETECTOR):
                await client.post("/v1/chat/completions", json=LEAKY)
            with pytest.raises(NoEgressScope):
                await client.post("/v1/chat/completions", json=CLEAN)

    asyncio.run(run())
    assert [json.loads(body) for body in recorder.bodies] == [CLEAN]


def test_blocks_are_logged_with_types_and_host_only(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="agent.llm.wire_guard"),
        pytest.raises(EgressBlocked),
        egress_scope(DETECTOR),
    ):
        client.post("/v1/chat/completions", json=LEAKY)
    (record,) = caplog.records
    assert record.getMessage() == "egress_blocked"
    assert record.__dict__["entity_types"] == ["PERSON", "PHONE_NUMBER"]
    assert record.__dict__["host"] == "api.example.com"
    assert "priya" not in repr(record.__dict__).lower()
    assert "98765" not in repr(record.__dict__)


def test_make_http_clients_builds_checked_clients() -> None:
    sync, async_ = make_http_clients(timeout=7.5)
    assert sync.timeout == httpx.Timeout(7.5) and async_.timeout == httpx.Timeout(7.5)
    with pytest.raises(NoEgressScope):
        sync.get("http://127.0.0.1:9/never-reached")
    sync.close()
    asyncio.run(async_.aclose())


# -- the scope ------------------------------------------------------------------------------


def test_leaving_the_scope_raises_even_when_a_block_was_swallowed(client: httpx.Client) -> None:
    with (
        pytest.raises(EgressBlocked, match="PERSON"),
        egress_scope(DETECTOR) as scope,
        suppress(EgressBlocked),  # a layer that recovers: the turn must still end blocked
    ):
        client.post("/v1/x", json={"content": "Sharma"})
    assert len(scope.blocked) == 1


def test_a_wrapped_block_is_restored_with_the_wrapper_as_cause(client: httpx.Client) -> None:
    with pytest.raises(EgressBlocked) as raised, egress_scope(DETECTOR):
        try:
            client.post("/v1/x", json={"content": "Sharma"})
        except EgressBlocked as error:
            raise RuntimeError("some framework's wrapper") from error
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert raised.value.entity_types == ("PERSON",)


def test_several_blocks_sum_up_in_one_exception(client: httpx.Client) -> None:
    with pytest.raises(EgressBlocked) as raised, egress_scope(DETECTOR) as scope:
        for content in ("Sharma", "priya@x.in", "Sharma again"):
            with suppress(EgressBlocked):
                client.post("/v1/x", json={"content": content})
    assert len(scope.blocked) == 3
    assert raised.value.entity_types == ("EMAIL_ADDRESS", "PERSON")
    assert str(raised.value).endswith("a real EMAIL_ADDRESS, PERSON value")


def test_other_errors_pass_through_and_scopes_nest(client: httpx.Client) -> None:
    other = LeakDetector.from_values([("PERSON", "Arjun Mehta")])
    with pytest.raises(EgressBlocked), egress_scope(DETECTOR):
        with pytest.raises(ValueError, match="unrelated"), egress_scope(other):
            client.post("/v1/x", json={"content": "Priya is fine here"})
            raise ValueError("unrelated")
        client.post("/v1/x", json={"content": "Priya is not fine here"})  # the outer scope again
    with pytest.raises(NoEgressScope):
        client.post("/v1/x", json=CLEAN)


def test_threads_need_the_context_copied(client: httpx.Client) -> None:
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client.post("/v1/x", json=CLEAN)
        except EgressBlocked as error:
            errors.append(error)

    with egress_scope(DETECTOR):
        bare = threading.Thread(target=post)
        context = contextvars.copy_context()
        copied = threading.Thread(target=context.run, args=(post,))
        for thread in (bare, copied):
            thread.start()
            thread.join()
    assert [type(error) for error in errors] == [NoEgressScope]  # fails closed, never open


# -- through the openai SDK and LangChain's agent --------------------------------------------


def test_the_openai_sdk_neither_wraps_nor_retries_a_block(fake_openai: FakeOpenAI) -> None:
    sync, _ = make_http_clients(timeout=5)
    # openai 3.x types http_client as an httpx2.Client but accepts an httpx.Client at runtime.
    sdk = openai.OpenAI(
        base_url=fake_openai.base_url,
        api_key="t",
        http_client=sync,  # type: ignore[arg-type]
        max_retries=3,
    )
    with pytest.raises(EgressBlocked) as raised, egress_scope(DETECTOR) as scope:
        sdk.chat.completions.create(model="fake-model", messages=LEAKY["messages"])  # type: ignore[arg-type]
    assert type(raised.value) is EgressBlocked and raised.value.__cause__ is None
    assert len(scope.blocked) == 1
    assert fake_openai.requests == []


@tool
def lookup_plan(team_size: int) -> str:
    """The pricing plan that fits a team of ``team_size`` people."""
    return "Growth plan, 40 seats" if team_size > 10 else "Starter plan"


def checked_model(fake: FakeOpenAI) -> ChatOpenAI:
    sync, async_ = make_http_clients(timeout=5)
    return ChatOpenAI(
        model="fake-model",
        base_url=fake.base_url,
        api_key="test",  # type: ignore[arg-type]
        use_responses_api=False,
        max_retries=0,
        http_client=sync,
        http_async_client=async_,
    )


def agent_input(text: str) -> Any:
    return {"messages": [{"role": "user", "content": text}]}


def script_plan_lookup(fake: FakeOpenAI) -> None:
    fake.script(ToolCalls([ToolCall("lookup_plan", {"team_size": 40})]), Text("Growth suits you."))


def test_a_clean_agent_turn_passes_both_ways(fake_openai: FakeOpenAI) -> None:
    agent = create_agent(model=checked_model(fake_openai), tools=[lookup_plan])
    script_plan_lookup(fake_openai)
    with egress_scope(DETECTOR) as scope:
        result = agent.invoke(agent_input("<PERSON_1> here, we are a team of 40"))
    assert result["messages"][-1].content == "Growth suits you."
    script_plan_lookup(fake_openai)

    async def run() -> Any:
        with egress_scope(DETECTOR):
            return await agent.ainvoke(agent_input("<PERSON_1> again, still 40 of us"))

    assert asyncio.run(run())["messages"][-1].content == "Growth suits you."
    assert scope.blocked == ()
    assert len(fake_openai.completion_requests) == 4  # two model calls per turn, tool between
    assert "Growth plan, 40 seats" in fake_openai.all_request_text()
    assert DETECTOR.find(fake_openai.all_request_text()) == []


@pytest.mark.parametrize(
    "message, found",
    [
        ("this is priya, call me on 98765-43210", ("PERSON", "PHONE_NUMBER")),
        ("reach me at +91 (98765) 432 10", ("PHONE_NUMBER",)),
        ("PRIYA.SHARMA from the sales team", ("PERSON",)),
        ("mail Priya@X.in", ("EMAIL_ADDRESS",)),
    ],
)
def test_a_leaking_agent_turn_never_reaches_the_server(
    fake_openai: FakeOpenAI, message: str, found: tuple[str, ...]
) -> None:
    agent = create_agent(model=checked_model(fake_openai), tools=[lookup_plan])
    with pytest.raises(EgressBlocked) as raised, egress_scope(DETECTOR) as scope:
        agent.invoke(agent_input(message))
    assert raised.value.entity_types == found
    assert [block.entity_types for block in scope.blocked] == [found]

    async def run() -> None:
        with egress_scope(DETECTOR):
            await agent.ainvoke(agent_input(message))

    with pytest.raises(EgressBlocked):
        asyncio.run(run())
    assert fake_openai.requests == []


def test_an_agent_turn_outside_any_scope_is_blocked(fake_openai: FakeOpenAI) -> None:
    agent = create_agent(model=checked_model(fake_openai), tools=[lookup_plan])
    with pytest.raises(NoEgressScope):
        agent.invoke(agent_input("hello"))
    with pytest.raises(NoEgressScope):
        asyncio.run(agent.ainvoke(agent_input("hello")))
    assert fake_openai.requests == []


def test_the_scope_follows_model_calls_into_langchains_thread_pool(
    fake_openai: FakeOpenAI,
) -> None:
    """Parallel tool calls run in LangChain's thread pool; each one calls the model itself."""
    model = checked_model(fake_openai)
    threads: set[str] = set()

    @tool
    def summarise(topic: str) -> str:
        """Summarise ``topic`` with the model."""
        threads.add(threading.current_thread().name)
        return str(model.invoke(f"summarise {topic}").content)

    agent = create_agent(model=model, tools=[summarise])
    calls = [ToolCall("summarise", {"topic": "pricing"}), ToolCall("summarise", {"topic": "SLA"})]
    fake_openai.script(ToolCalls(calls))
    fake_openai.default_reply = Text("summary")
    with egress_scope(DETECTOR):
        result = agent.invoke(agent_input("<PERSON_1> asks about pricing and the SLA"))
    assert result["messages"][-1].content == "summary"
    assert threading.current_thread().name not in threads  # the calls did leave this thread
    assert len(fake_openai.completion_requests) == 4

    fake_openai.reset()
    fake_openai.script(ToolCalls([ToolCall("summarise", {"topic": "Priya Sharma's account"})]))
    with pytest.raises(EgressBlocked, match="PERSON"), egress_scope(DETECTOR):
        agent.invoke(agent_input("<PERSON_1> asks about her account"))
    assert len(fake_openai.completion_requests) == 1  # the agent's call; the tool's was blocked
