"""Agent benchmark: the time the guardrail and the ledger add to one model call.

    python -m benchmarks.agent_benchmark             # both backends; updates docs/benchmarks.md
    python -m benchmarks.agent_benchmark --backend sqlite --scale 0.5 --no-doc
    python -m benchmarks.agent_benchmark --backend sqlite --profile /tmp/agent.prof

The model is the loopback fake OpenAI-compatible server of the tests
(``fakes.openai_server.FakeOpenAI``, imported from there): real HTTP and the real
chat-completions format, answering at once, so what is left is our side of the call.

Per turn, two timings, one right after the other (their order alternating from turn to turn):

- FULL: one ledger unit of work as the pipeline runs it: store the inbound message, then
  ``Assistant.handle`` (STOP/START check, consent gate, vault load, pseudonymisation with the
  conversation's vault, processing record and audit entry, wire check, the model's HTTP call,
  rehydration, reply, facts and score stored), commit.
- BASELINE: the same model call with neither guardrail nor ledger: a plain
  ``langchain.agents.create_agent`` over the same ``ChatOpenAI`` settings and the same tools (so
  the request carries the same tool schemas), no middleware, a plain httpx client, invoked with
  the same conversation messages (the prospect's turns and the replies FULL stored).

Overhead is FULL - BASELINE of the same turn. Conversations come from
``benchmarks.agent_conversations``: one prospect per conversation, Indian and international
personal data. Each backend starts with warm-up turns (spaCy's, SQLAlchemy's and the HTTP
pool's first-call costs) that are not counted.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langchain_openai import ChatOpenAI
from langgraph.graph.state import CompiledStateGraph
from pydantic import SecretStr

from agent.agent_graph import build_agent
from agent.facts import LeadFacts, load_rubric, score
from agent.fixed_replies import privacy_notice
from agent.pipeline import Assistant, AssistantConfig, ReplyKind
from agent.provider import ModelConfig, build_chat_model
from agent.system_prompt import lead_summary, render_system_prompt, system_template
from agent.tools import agent_tools
from benchmarks.agent_conversations import conversation
from benchmarks.databases import BACKENDS, backend
from benchmarks.report import percentile, replace_section
from fakes.openai_server import FakeOpenAI, Text
from guardrails.consent import load_catalogue
from guardrails.engine import GuardrailEngine
from guardrails.policy import load_policy
from store.crypto import MasterKeyRing, encode_key, new_key
from store.db import Database
from store.identities import IdentityKind
from store.keys import KeyManager
from store.ledger import Ledgers

COMPANY = "Tarang Software"
REPLY = "Thanks <PERSON_1>, noted. Could you tell me your timeline and budget?"
# (turns per conversation, conversations) at --scale 1: about the same number of turns each.
PLAN = ((1, 60), (5, 20), (20, 10))
WARM_UP = (5, 2)  # two 5-turn conversations per backend, not counted
SEED = 11


@dataclass(frozen=True)
class TurnTiming:
    """Milliseconds of one turn, FULL and BASELINE, and where the turn sits in its conversation."""

    turns: int
    index: int
    full_ms: float
    baseline_ms: float

    @property
    def overhead_ms(self) -> float:
        """What the guardrail and the ledger added."""
        return self.full_ms - self.baseline_ms


def model_config(fake: FakeOpenAI) -> ModelConfig:
    """The provider settings both sides use; no retry, so a failure shows at once."""
    return ModelConfig(api_key="bench-key", model=fake.model, base_url=fake.base_url, max_retries=0)


def baseline_agent(config: ModelConfig) -> CompiledStateGraph[Any, Any, Any, Any]:
    """``build_agent``'s graph with neither the middleware nor the wire check: the same
    ``ChatOpenAI`` settings as ``build_chat_model``, a plain httpx client, the same tools, and a
    system prompt of the same template."""
    model = ChatOpenAI(
        model=config.model,
        api_key=SecretStr(config.api_key),
        base_url=config.base_url,
        timeout=config.timeout_seconds,
        max_retries=config.max_retries,
        use_responses_api=False,
        temperature=0.2,
        http_client=httpx.Client(timeout=config.timeout_seconds),
    )
    rubric = load_rubric()
    system = render_system_prompt(
        system_template(),
        company=COMPANY,
        channel="whatsapp",
        today=datetime.now(UTC).date(),
        custom_fields=(),
        summary=lead_summary(LeadFacts(), {}, score(LeadFacts(), rubric)),
    )
    return create_agent(model=model, tools=agent_tools(), system_prompt=system)


class Bench:
    """One backend's store, the assistant and the baseline, talking to one fake server."""

    def __init__(self, url: str, engine: GuardrailEngine, fake: FakeOpenAI) -> None:
        config = model_config(fake)
        self.database = Database(url)
        keys = KeyManager(MasterKeyRing.from_text(encode_key(new_key())))
        self.ledgers = Ledgers(self.database, keys, load_catalogue())
        self.assistant = Assistant(
            engine,
            AssistantConfig(
                company=COMPANY,
                notice=privacy_notice("v2"),
                notice_version="v2",
                rubric=load_rubric(),
                recipient=config.recipient,
            ),
            agent=build_agent(build_chat_model(config)),
        )
        self.baseline = baseline_agent(config)
        self.profiler: cProfile.Profile | None = None  # set after the warm-up, if asked for

    def run(self, turns: int, seed: int) -> list[TurnTiming]:
        """One conversation of ``turns`` turns, each timed FULL and BASELINE."""
        persona, texts = conversation(turns, seed)
        with self.ledgers.open("bench", "channel") as ledger:
            contact = ledger.contacts.create(persona.name)
            ledger.contacts.add_identity(contact, IdentityKind.WA_ID, persona.wa_id)
            conversation_id = ledger.conversations.open(contact.id, "whatsapp").id
        messages: list[AnyMessage] = []
        timings = []
        for index, text in enumerate(texts, start=1):
            messages.append(HumanMessage(text))
            if index % 2:
                full_ms, reply = self._full(conversation_id, text)
                baseline_ms = self._baseline(messages)
            else:
                baseline_ms = self._baseline(messages)
                full_ms, reply = self._full(conversation_id, text)
            messages.append(AIMessage(reply))
            timings.append(TurnTiming(turns, index, full_ms, baseline_ms))
        return timings

    def _full(self, conversation_id: str, text: str) -> tuple[float, str]:
        """Milliseconds of one pipeline turn, and the reply it stored."""
        if self.profiler is not None:
            self.profiler.enable()
        started = time.perf_counter()
        with self.ledgers.open("bench", "agent") as ledger:
            conversation = ledger.conversations.get(conversation_id)
            inbound = ledger.conversations.add_message(conversation, "inbound", text)
            reply = self.assistant.handle(ledger, conversation_id, inbound.id)
        elapsed = (time.perf_counter() - started) * 1000
        if self.profiler is not None:
            self.profiler.disable()
        if reply.kind is not ReplyKind.AI or reply.text is None:
            raise RuntimeError(f"the turn did not reach the model: {reply.kind}")
        return elapsed, reply.text

    def _baseline(self, messages: list[AnyMessage]) -> float:
        """Milliseconds of the same model call with neither guardrail nor ledger."""
        started = time.perf_counter()
        result = self.baseline.invoke({"messages": list(messages)})
        elapsed = (time.perf_counter() - started) * 1000
        if not result["messages"][-1].text:
            raise RuntimeError("the baseline model call returned nothing")
        return elapsed


def measure(
    url: str, engine: GuardrailEngine, fake: FakeOpenAI, scale: float, profile: str | None
) -> list[TurnTiming]:
    """Every counted turn on one backend, after the warm-up; FULL turns profiled if asked."""
    bench = Bench(url, engine, fake)
    warm_turns, warm_conversations = WARM_UP
    for number in range(warm_conversations):
        bench.run(warm_turns, seed=SEED * 1000 + number)
    bench.profiler = cProfile.Profile() if profile is not None else None
    timings = []
    for turns, conversations in PLAN:
        for number in range(max(1, round(conversations * scale))):
            timings.extend(bench.run(turns, seed=SEED + turns * 100 + number))
    if profile is not None and bench.profiler is not None:
        bench.profiler.dump_stats(profile)
    bench.database.dispose()
    return timings


@dataclass(frozen=True)
class Summary:
    """The figures of one backend and one conversation length."""

    backend: str
    turns: int
    conversations: int
    timings: list[TurnTiming]

    def median(self, field: str, last_only: bool = False) -> float:
        """The median of ``full_ms``, ``baseline_ms`` or ``overhead_ms`` (of last turns only)."""
        return statistics.median(self._values(field, last_only))

    def p95(self, field: str) -> float:
        """The 95th percentile of ``field`` over every turn."""
        return percentile(self._values(field, last_only=False), 0.95)

    def _values(self, field: str, last_only: bool) -> list[float]:
        return [
            getattr(timing, field)
            for timing in self.timings
            if not last_only or timing.index == self.turns
        ]

    def row(self) -> str:
        """The table row."""
        return (
            f"| {self.backend} | {self.turns} | {self.conversations} | {len(self.timings)} | "
            f"{self.median('full_ms'):.1f} | {self.p95('full_ms'):.1f} | "
            f"{self.median('baseline_ms'):.1f} | {self.p95('baseline_ms'):.1f} | "
            f"**{self.median('overhead_ms'):.1f}** | **{self.p95('overhead_ms'):.1f}** | "
            f"{self.median('overhead_ms', last_only=True):.1f} |"
        )


def summarise(backend_name: str, timings: list[TurnTiming]) -> list[Summary]:
    """One summary per conversation length."""
    summaries = []
    for turns, _ in PLAN:
        group = [timing for timing in timings if timing.turns == turns]
        count = sum(1 for timing in group if timing.index == turns)
        summaries.append(Summary(backend_name, turns, count, group))
    return summaries


def reading(summaries: list[Summary]) -> str:
    """The paragraph under the table, its figures taken from this run."""
    sentences = []
    for name in dict.fromkeys(summary.backend for summary in summaries):
        single, *_, longest = [summary for summary in summaries if summary.backend == name]
        every = [
            timing for summary in summaries if summary.backend == name for timing in summary.timings
        ]
        overhead = statistics.median(timing.overhead_ms for timing in every)
        baseline = statistics.median(timing.baseline_ms for timing in every)
        sentences.append(
            f"On {name} the guardrail and the ledger add {overhead:.0f} ms per turn at the median "
            f"(all lengths together) to a model call that costs {baseline:.0f} ms by itself; the "
            f"last turn of a {longest.turns}-turn conversation adds "
            f"{longest.median('overhead_ms', last_only=True):.0f} ms, a first and only turn "
            f"{single.median('overhead_ms'):.0f} ms."
        )
    return " ".join(
        [
            *sentences,
            "Each message's pseudonymised form is kept (encrypted) in the store, so a turn "
            "detects only its new message; what still grows with the length is decrypting the "
            "history and the vault, and a longer request, which BASELINE sends too. Of the "
            "system prompt only the lead summary, the part that quotes the prospect, is "
            "detected; detection of the new message and the summary and the ledger's writes "
            "make most of the rest (see the breakdown below).",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the number of conversations"
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="write cProfile stats of the FULL turns to FILE.<backend>; the profiler inflates "
        "FULL, so docs/benchmarks.md is left alone",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    names = list(BACKENDS) if args.backend == "both" else [args.backend]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    engine = GuardrailEngine(load_policy())
    summaries: list[Summary] = []
    with FakeOpenAI(default_reply=Text(REPLY)) as fake:
        for name in names:
            with backend(name) as url:
                profile = f"{args.profile}.{name}" if args.profile else None
                found = summarise(name, measure(url, engine, fake, args.scale, profile))
            print(*(summary.row() for summary in found), sep="\n", flush=True)
            summaries.extend(found)
    minutes = (time.perf_counter() - started) / 60
    text = report(args, summaries, load_before, os.getloadavg()[0], minutes)
    print(text)
    if not (args.no_doc or args.profile):
        replace_section("agent", text)
        print("updated docs/benchmarks.md", file=sys.stderr)
    return 0


def report(
    args: argparse.Namespace,
    summaries: list[Summary],
    load_before: float,
    load_after: float,
    minutes: float,
) -> str:
    """The docs section: what was measured, on what, the table and how to read it."""
    command = "python -m benchmarks.agent_benchmark" + (
        f" --scale {args.scale:g}" if args.scale != 1 else ""
    )
    plan = ", ".join(f"{max(1, round(count * args.scale))} × {turns}-turn" for turns, count in PLAN)
    return "\n".join(
        [
            f"## Agent: guardrail and ledger time per model call — "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC — `{command}`",
            "",
            "What one model call costs on our side, the model itself taking no time: the "
            "loopback fake OpenAI-compatible server of the tests answers at once. **FULL** is "
            "one ledger unit of work as the pipeline runs it (store the inbound message, "
            "STOP/START check, consent gate, vault load, pseudonymisation with the "
            "conversation's vault, processing record and audit entry, wire check, the HTTP "
            "call, rehydration, reply, facts and score stored, commit). **BASELINE** is the same "
            "call with neither guardrail nor ledger: `create_agent` with the same `ChatOpenAI` "
            "settings and tools, no middleware, a plain httpx client, the same messages. "
            "**Overhead** is FULL − BASELINE of the same turn (the two run back to back, "
            "order alternating). Conversations: one seeded prospect each "
            "(`benchmarks/agent_conversations.py`), names, Indian and foreign phones, e-mails, "
            f"PAN, GSTIN, UPI, addresses; {plan} conversations per backend, after "
            f"{WARM_UP[1]} warm-up conversations of {WARM_UP[0]} turns. Percentiles are over "
            "turns; "
            "the last column is the median over conversations of their last turn.",
            "",
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}; load average {load_before:.1f} at the "
            f"start, {load_after:.1f} at the end ({minutes:.1f} min); the fake server, the "
            "client and PostgreSQL share the cores, so compare rows of one run, not runs.",
            "",
            "| backend | turns per conversation | conversations | turns | FULL p50 ms | "
            "FULL p95 ms | BASELINE p50 ms | BASELINE p95 ms | overhead p50 ms | "
            "overhead p95 ms | last turn overhead p50 ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *(summary.row() for summary in summaries),
            "",
            reading(summaries),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
