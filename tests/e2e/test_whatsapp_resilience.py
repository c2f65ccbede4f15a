"""What must hold when things go wrong or get busy: a worker killed mid-turn, two workers on
one queue, messages of one conversation in order; on SQLite and on PostgreSQL with Redis."""

from __future__ import annotations

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import Delay, FakeOpenAI, Text, echo
from fakes.whatsapp_payloads import text_message, webhook_body
from tests.e2e.deployment import Deployment, new_sender, sent_to, wait_until


def _state(service: Deployment, channel_id: str) -> str | None:
    message = service.stored(channel_id)
    return message.state if message is not None else None


def test_a_worker_killed_mid_turn_loses_nothing_and_duplicates_nothing(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    sender = new_sender("Arjun Mehta")
    # The model hangs long enough for the worker to be killed while it waits.
    ai.script(Delay(30, then=Text("too late")))
    ai.default_reply = Text("Hello again <PERSON_1>, sorry for the wait.")
    change = text_message("Hi, can I get a demo next week?", sender=sender)
    channel_id = change["value"]["messages"][0]["id"]
    service.post_webhook(webhook_body(change))
    wait_until(lambda: ai.completion_requests, what="the model call to start")
    assert _state(service, channel_id) == "processing"
    service.kill_worker(service.workers[0])
    service.start_worker()  # sweeps at start once the dead worker's lease has run out
    replies = wait_until(
        lambda: sent_to(graph, sender.wa_id), timeout=90, what="the recovered reply"
    )
    assert isinstance(replies, list)
    assert replies[0].startswith("Hello again Arjun Mehta, sorry for the wait.")
    assert _state(service, channel_id) == "answered"
    # A later message is answered too, and the first still has exactly one reply.
    service.post_webhook(webhook_body(text_message("Thanks!", sender=sender)))
    wait_until(lambda: len(sent_to(graph, sender.wa_id)) == 2, what="the next reply")
    assert len(sent_to(graph, sender.wa_id)) == 2


def test_two_workers_answer_every_conversation_once_and_in_order(
    service: Deployment, graph: FakeGraphAPI, ai: FakeOpenAI
) -> None:
    ai.responder = echo  # each reply repeats the message it answers (pseudonymised)
    service.start_worker()
    senders = [new_sender("Arjun Mehta") for _ in range(6)]
    lines = ("first question", "second question", "third question")
    for line in lines:
        for sender in senders:
            service.post_webhook(webhook_body(text_message(line, sender=sender)))
    wait_until(
        lambda: all(len(sent_to(graph, sender.wa_id)) >= len(lines) for sender in senders),
        timeout=120,
        what="every message to be answered",
    )
    for sender in senders:
        replies = sent_to(graph, sender.wa_id)
        assert len(replies) == len(lines)
        assert [reply.split("\n")[0] for reply in replies] == list(lines)
