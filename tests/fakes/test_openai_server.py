"""The fake OpenAI server speaks the real wire format: LangChain and the openai SDK just work."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import openai
import pytest
from langchain_core.messages import AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from fakes.openai_server import (
    Delay,
    Error,
    FakeOpenAI,
    Text,
    ToolCall,
    ToolCalls,
    Turn,
    echo,
    last_user_text,
)


@tool
def book_demo(day: str, seats: int) -> str:
    """Book a product demo on ``day`` for ``seats`` people."""
    return f"booked {day} for {seats}"


def chat(fake: FakeOpenAI, **kwargs: Any) -> ChatOpenAI:
    options: dict[str, Any] = {"max_retries": 0, **kwargs}
    return ChatOpenAI(
        model="fake-model",
        base_url=fake.base_url,
        api_key="test",  # type: ignore[arg-type]
        use_responses_api=False,
        **options,
    )


def collect(chunks: list[Any]) -> AIMessageChunk:
    merged: AIMessageChunk = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk
    return merged


def test_a_text_reply_round_trips_and_the_request_is_recorded(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Text("Happy to help with pricing."))
    reply = chat(fake_openai).invoke("What does it cost?")
    assert reply.content == "Happy to help with pricing."
    assert reply.response_metadata["finish_reason"] == "stop"
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] == 5
    request = fake_openai.last_request
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.headers["authorization"] == "Bearer test"
    assert request.json["model"] == "fake-model"
    assert request.json["messages"] == [{"role": "user", "content": "What does it cost?"}]
    assert json.loads(request.body) == request.json


def test_tool_calls_round_trip_through_bind_tools(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(
        ToolCalls([ToolCall("book_demo", {"day": "Tuesday", "seats": 40}, id="call_x")]),
        Text("Booked."),
    )
    model = chat(fake_openai).bind_tools([book_demo])
    question = HumanMessage("Book a demo on Tuesday for 40")
    first = model.invoke([question])
    assert first.tool_calls == [
        {"name": "book_demo", "args": {"day": "Tuesday", "seats": 40}, "id": "call_x",
         "type": "tool_call"}
    ]  # fmt: skip
    assert first.response_metadata["finish_reason"] == "tool_calls"
    sent_tools = fake_openai.last_request.json["tools"]
    assert sent_tools[0]["function"]["name"] == "book_demo"

    result = ToolMessage("booked Tuesday for 40", tool_call_id="call_x")
    assert model.invoke([question, first, result]).content == "Booked."
    messages = fake_openai.last_request.json["messages"]
    assert messages[1]["tool_calls"][0]["id"] == "call_x"
    assert messages[2] == {
        "role": "tool",
        "content": "booked Tuesday for 40",
        "tool_call_id": "call_x",
    }


def test_tool_call_ids_are_generated_when_not_scripted(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(ToolCalls([ToolCall("book_demo", {"day": "Mon", "seats": 1})] * 2))
    calls = chat(fake_openai).bind_tools([book_demo]).invoke("book twice").tool_calls
    assert len({call["id"] for call in calls}) == 2
    assert all(call["id"] and call["id"].startswith("call_") for call in calls)


def test_streaming_text_arrives_in_chunks_with_usage(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Text("A streamed reply, long enough for several chunks."))
    chunks = list(chat(fake_openai, stream_usage=True).stream("hello"))
    assert len(chunks) > 3
    merged = collect(chunks)
    assert merged.content == "A streamed reply, long enough for several chunks."
    assert merged.usage_metadata is not None and merged.usage_metadata["output_tokens"] == 8
    request = fake_openai.last_request.json
    assert request["stream"] is True and request["stream_options"] == {"include_usage": True}


def test_streaming_tool_calls_are_assembled_from_deltas(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(
        ToolCalls(
            [ToolCall("book_demo", {"day": "Friday", "seats": 12}),
             ToolCall("book_demo", {"day": "Monday", "seats": 3})],
            content="Booking both.",
        )
    )  # fmt: skip
    merged = collect(list(chat(fake_openai).bind_tools([book_demo]).stream("two demos")))
    assert merged.content == "Booking both."
    assert [call["args"] for call in merged.tool_calls] == [
        {"day": "Friday", "seats": 12},
        {"day": "Monday", "seats": 3},
    ]


def test_streaming_without_include_usage_sends_no_usage_chunk(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Text("no usage"))
    client = openai.OpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0)
    stream = client.chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    chunks = list(stream)
    assert all(chunk.usage is None for chunk in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "no usage"
    assert chunks[-1].choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    "status, exception",
    [
        (400, openai.BadRequestError),
        (401, openai.AuthenticationError),
        (404, openai.NotFoundError),
        (429, openai.RateLimitError),
        (500, openai.InternalServerError),
    ],
)
def test_scripted_errors_map_to_openai_exceptions(
    fake_openai: FakeOpenAI, status: int, exception: type[openai.APIStatusError]
) -> None:
    fake_openai.script(Error(status, "scripted failure", code="fake_code"))
    with pytest.raises(exception, match="scripted failure") as raised:
        chat(fake_openai).invoke("hi")
    assert raised.value.status_code == status
    assert raised.value.code == "fake_code"


def test_a_streamed_request_can_fail_too(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Error(503, "overloaded", type="server_error"))
    with pytest.raises(openai.InternalServerError, match="overloaded"):
        list(chat(fake_openai).stream("hi"))


def test_a_delay_longer_than_the_timeout_is_a_timeout(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Delay(5), Text("next answer"))
    with pytest.raises(openai.APITimeoutError):
        chat(fake_openai, timeout=0.2).invoke("hi")
    # The delayed answer does not take the next turn: it is there for the next request.
    assert chat(fake_openai).invoke("again").content == "next answer"


def test_the_client_retries_a_timeout_and_gets_the_next_turn(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Delay(5), Text("second try"))
    reply = chat(fake_openai, timeout=0.2, max_retries=1).invoke("hi")
    assert reply.content == "second try"
    assert len(fake_openai.completion_requests) == 2


def test_a_short_delay_then_a_reply(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Delay(0.05, then=Text("late but fine")))
    assert chat(fake_openai, timeout=5).invoke("hi").content == "late but fine"


def test_a_responder_echoes_the_conversation(fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = echo
    assert chat(fake_openai).invoke("repeat after me").content == "repeat after me"
    parts = [
        HumanMessage(content=[{"type": "text", "text": "multi"}, {"type": "text", "text": "part"}])
    ]
    assert chat(fake_openai).invoke(parts).content == "multipart"


def test_a_responder_can_derive_tool_calls(fake_openai: FakeOpenAI) -> None:
    def book_from_text(body: dict[str, Any]) -> Turn:
        if body["messages"][-1]["role"] == "tool":
            return Text("done")
        seats = int(last_user_text(body).split()[-1])
        return ToolCalls([ToolCall("book_demo", {"day": "Monday", "seats": seats})])

    fake_openai.responder = book_from_text
    model = chat(fake_openai).bind_tools([book_demo])
    assert model.invoke("seats 17").tool_calls[0]["args"] == {"day": "Monday", "seats": 17}


def test_a_failing_responder_is_a_server_error(fake_openai: FakeOpenAI) -> None:
    def broken(body: dict[str, Any]) -> Turn:
        raise KeyError("no such field")

    fake_openai.responder = broken
    with pytest.raises(openai.InternalServerError, match="responder raised KeyError"):
        chat(fake_openai).invoke("hi")


def test_the_queue_comes_first_then_the_responder_then_the_default(
    fake_openai: FakeOpenAI,
) -> None:
    model = chat(fake_openai)
    assert model.invoke("a").content == "OK"
    fake_openai.default_reply = Text("default")
    fake_openai.responder = echo
    fake_openai.script(Text("queued"))
    assert [model.invoke("b").content, model.invoke("c").content] == ["queued", "c"]
    fake_openai.responder = None
    assert model.invoke("d").content == "default"


def test_models_are_listed(fake_openai: FakeOpenAI) -> None:
    client = openai.OpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0)
    assert [model.id for model in client.models.list()] == ["fake-model"]
    assert fake_openai.last_request.method == "GET"
    assert fake_openai.completion_requests == []


def test_unknown_paths_are_openai_not_found_errors(fake_openai: FakeOpenAI) -> None:
    client = openai.OpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0)
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="fake-model", input="hi")


def test_all_request_text_and_reset(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Text("one"))
    chat(fake_openai).bind_tools([book_demo]).invoke("Hello from <PERSON_1>")
    text = fake_openai.all_request_text()
    assert "Hello from <PERSON_1>" in text and "book_demo" in text and "messages" in text
    fake_openai.responder = echo
    fake_openai.default_reply = Text("changed")
    fake_openai.script(Text("left over"))
    fake_openai.reset()
    assert fake_openai.requests == [] and fake_openai.all_request_text() == ""
    assert chat(fake_openai).invoke("x").content == "OK"
    with pytest.raises(AssertionError, match="no request"):
        FakeOpenAI().last_request  # noqa: B018 - the property is what is under test


def test_async_clients_work_too(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Text("async reply"), Text("async stream"))
    model = chat(fake_openai)

    async def run() -> tuple[str, str]:
        reply = await model.ainvoke("hi")
        streamed = [chunk async for chunk in model.astream("hi")]
        return str(reply.content), str(collect(streamed).content)

    assert asyncio.run(run()) == ("async reply", "async stream")


def test_answers_at_once_on_a_kept_alive_connection(fake_openai: FakeOpenAI) -> None:
    """A zero-latency model: no reply waits for a delayed ACK (about 40 ms, every time, when
    the response's two writes go through Nagle's algorithm). The first request opens the
    connection and is not counted."""
    client = openai.OpenAI(api_key="test", base_url=fake_openai.base_url, max_retries=0)
    timings = []
    for _ in range(6):
        started = time.perf_counter()
        client.chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}]
        )
        timings.append(time.perf_counter() - started)
    client.close()
    assert min(timings[1:]) < 0.03


def test_the_server_needs_starting_for_a_url() -> None:
    with pytest.raises(RuntimeError, match="start"):
        FakeOpenAI().base_url  # noqa: B018 - the property is what is under test
