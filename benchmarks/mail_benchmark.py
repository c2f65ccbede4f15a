"""Inbound e-mail to draft: how long from Gmail's push to the reply waiting for a rep.

A real ``aspinix serve`` on the embedded default (SQLite, its own worker, review mode) reads a
loopback fake Gmail and asks a fake model that answers at once, so the figures are Aspinix's own
cost: verifying the push, syncing the history, fetching and parsing the mail, storing it, the
turn (consent gate, guardrail, agent, records) and the draft. Mails go one at a time, for short
mails and for long ones with deep quoted history (which must neither reach the model nor slow
the guardrail). It also times the parser and the guardrail in this process, per mail.

    make bench-mail        # or: .venv/bin/python -m benchmarks.mail_benchmark --mails 40
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from aspinix.commands.engine import build_engine
from aspinix.settings import Settings
from benchmarks.report import percentile, replace_section
from connectors.gmail.ingest import agent_text
from connectors.gmail.mime import parse_message
from fakes.gmail_api import FakeGoogle
from fakes.mail import prospect_mail, quoted
from fakes.openai_server import FakeOpenAI, Text
from tests.e2e.deployment import free_port, wait_until

AUDIENCE = "https://aspinix.bench/webhooks/gmail"
MAILBOX = "sales@tarang.example"
ADMIN = "bench-admin-token"
SHORT = (
    "Hello, we are 40 people at Lotus Textiles in Surat and need a CRM by March. "
    "Budget is around ₹5 lakh. Call me on +91 98765 43210.\n\n--\nPriya Sharma\n"
    "Head of Sales, Lotus Textiles\nFlat 12B, Ring Road, Surat 395002\n"
)


def long_body(depth: int = 25, paragraph_chars: int = 8000) -> str:
    """The short mail over ``depth`` levels of quoted history (about 200 KB)."""
    history = ""
    for level in range(depth):
        earlier = (
            f"Message {level}: our offer for 12 seats, call +91 98{level:03d}5 43210. " * 120
        )[:paragraph_chars]
        history = quoted(earlier + "\n\n" + history, f"Person {level} <p{level}@x.example>")
    return SHORT + "\n" + history


def _time_in_process(body: str, rounds: int) -> tuple[float, float, int]:
    """Median ms to parse the mail and to run the guardrail on what the agent reads."""
    raw, _ = prospect_mail(
        sender=("Priya Sharma", "priya@lotustex.example"), to=MAILBOX, subject="CRM", body=body
    )
    engine = build_engine(Settings())
    parse_ms, guard_ms = [], []
    text = ""
    for _ in range(rounds):
        start = time.perf_counter()
        text = agent_text(parse_message(raw))
        parse_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        engine.analyze(text)
        guard_ms.append((time.perf_counter() - start) * 1000)
    return statistics.median(parse_ms), statistics.median(guard_ms), len(text)


class Service:
    """``aspinix serve`` with its embedded worker, pointed at the fakes."""

    def __init__(self, data_dir: Path, google: FakeGoogle, ai: FakeOpenAI) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            **google.service_env(
                audience=AUDIENCE,
                public_url="https://b.example",
                topic="projects/bench/topics/gmail",
            ),
            "ASPINIX_DATA_DIR": str(data_dir),
            "ASPINIX_REPLY_MODE": "review",
            "ASPINIX_ADMIN_TOKEN": ADMIN,
            "ASPINIX_LOG_LEVEL": "ERROR",
            "OPENAI_API_KEY": "bench",
            "OPENAI_BASE_URL": ai.base_url,
            "ASPINIX_LLM_MAX_RETRIES": "0",
            "HF_HUB_OFFLINE": "1",
        }
        for unset in ("DATABASE_URL", "ASPINIX_QUEUE_URL"):
            self.env.pop(unset, None)
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Service:
        cli = [sys.executable, "-m", "aspinix.cli"]
        self.process = subprocess.Popen([*cli, "serve", "--port", str(self.port)], env=self.env)
        wait_until(self._healthy, 120, "the service")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(60)

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connect(self, google: FakeGoogle, data_dir: Path) -> None:
        credentials = data_dir / "authorized-user.json"
        credentials.write_text(
            json.dumps(google.authorized_user_info(google.issue_refresh_token()))
        )
        subprocess.run(
            [sys.executable, "-m", "aspinix.cli", "gmail", "connect", "--authorized-user-file",
             str(credentials)],
            env=self.env, check=True, capture_output=True,
        )  # fmt: skip

    def draft_count(self, client: httpx.Client) -> int:
        response = client.get(
            f"{self.url}/api/drafts", headers={"Authorization": f"Bearer {ADMIN}"}
        )
        return len(response.json())


def _run_mails(service: Service, google: FakeGoogle, body: str, count: int) -> list[float]:
    """Seconds from push to draft, one mail at a time."""
    latencies = []
    with httpx.Client(timeout=30) as client:
        for _ in range(count):
            raw, _ = prospect_mail(
                sender=("Priya Sharma", f"priya.{uuid.uuid4().hex[:8]}@lotustex.example"),
                to=MAILBOX, subject="CRM for our sales team", body=body,
            )  # fmt: skip
            before = service.draft_count(client)
            google.add_inbound(raw)
            token = google.push_token(AUDIENCE)
            start = time.perf_counter()
            client.post(
                f"{service.url}/webhooks/gmail",
                content=google.push_body(MAILBOX, google.history_id),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            ).raise_for_status()
            while service.draft_count(client) <= before:
                time.sleep(0.002)
            latencies.append(time.perf_counter() - start)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=30, help="mails of each kind (default 30)")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    long = long_body()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## E-mail to draft — {stamp} — `python -m benchmarks.mail_benchmark --mails "
        f"{args.mails}`",
        "",
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.2f} at start. A real `aspinix serve` (embedded SQLite, its own "
        "worker, review mode) reading a loopback fake Gmail, the model a fake answering at once; "
        "mails one at a time, from the signed push to the draft being listed by `/api/drafts`.",
        "",
        "| in this process, per mail | parse (MIME, HTML, quotes, signature) | guardrail on what "
        "the agent reads | characters the agent reads |",
        "|---|---:|---:|---:|",
    ]
    for name, body in (("short", SHORT), (f"long ({len(long):,} chars of quoted history)", long)):
        parse, guard, chars = _time_in_process(body, 20)
        lines.append(f"| {name} | {parse:.2f} ms | {guard:.1f} ms | {chars} |")
    reply = Text("Thanks! What budget do you have in mind?")
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeGoogle(email_address=MAILBOX) as google,
        FakeOpenAI(default_reply=reply) as ai,
        Service(Path(tmp), google, ai) as service,
    ):
        service.connect(google, Path(tmp))
        _run_mails(service, google, SHORT, 3)  # warm-up
        lines += ["", "| mail | n | push → draft p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
        for name, body in (("short", SHORT), ("long, deep quoted history", long)):
            seconds = _run_mails(service, google, body, args.mails)
            p50, p95 = percentile(seconds, 0.5), percentile(seconds, 0.95)
            lines.append(
                f"| {name} | {len(seconds)} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
                f"{max(seconds) * 1000:.0f} ms |"
            )
    text = "\n".join(lines)
    print(text)
    if not args.no_doc:
        replace_section("mail", text)
        print("updated docs/benchmarks.md", file=sys.stderr)


if __name__ == "__main__":
    main()
