"""``aspinix chat``: talk to the assistant as a prospect, in the terminal.

Every turn goes through the same pipeline a WhatsApp or e-mail message does: stored encrypted,
consent checked, pseudonymised before the model, recorded. With no OPENAI_API_KEY the scripted
playbook answers, so this works with no key and no network. ``--show-egress`` prints exactly what
the AI provider received for each model call.
"""

from __future__ import annotations

import sys
from typing import TextIO

from agent.pipeline import Assistant, Reply
from aspinix.commands.assistant import build_assistant
from aspinix.commands.store_context import StoreContext, open_store
from aspinix.settings import Settings
from aspinix.startup import StartupError, report_startup_error
from store.identities import IdentityKind

CHANNEL = "cli"
_EXIT_WORDS = frozenset({"/quit", "/exit"})


def run_chat(
    settings: Settings,
    *,
    show_egress: bool,
    name: str | None,
    phone: str | None,
    email: str | None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Read the prospect's lines from ``stdin`` until EOF or /quit; print each reply."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        store = open_store(settings)
        assistant = build_assistant(settings)
    except StartupError as exc:
        return report_startup_error(exc)
    mode = "AI model" if settings.openai_api_key else "scripted playbook (no OPENAI_API_KEY)"
    print(f"Chatting with the {mode}. Type /quit to leave.", file=stdout)
    conversation_id = open_conversation(store, name, phone, email)
    interactive = stdin.isatty()
    while True:
        if interactive:
            print("you> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip() in _EXIT_WORDS:
            return 0
        if not line.strip():
            continue
        reply = take_turn(store, assistant, conversation_id, line.strip())
        print_reply(reply, show_egress, stdout)


def open_conversation(
    store: StoreContext, name: str | None, phone: str | None, email: str | None
) -> str:
    with store.ledger() as ledger:
        identities = [(IdentityKind.PHONE, phone), (IdentityKind.EMAIL, email)]
        known = [(kind, value) for kind, value in identities if value]
        contact = None
        for kind, value in known:
            contact = contact or ledger.contacts.find(kind, value)
        contact = contact or ledger.contacts.create(name)
        for kind, value in known:
            ledger.contacts.add_identity(contact, kind, value)
        if name and ledger.contacts.name(contact) != name:
            ledger.contacts.set_name(contact, name)
        return ledger.conversations.open(contact.id, CHANNEL).id


def take_turn(store: StoreContext, assistant: Assistant, conversation_id: str, text: str) -> Reply:
    with store.ledger() as ledger:
        conversation = ledger.conversations.get(conversation_id)
        inbound = ledger.conversations.add_message(conversation, "inbound", text)
        return assistant.handle(ledger, conversation_id, inbound.id)


def print_reply(reply: Reply, show_egress: bool, stdout: TextIO) -> None:
    if show_egress:
        for number, call in enumerate(reply.egress, start=1):
            print(f"  ┌ model call {number}: what the AI provider received", file=stdout)
            for entry in call:
                for line in entry.text.splitlines() or [""]:
                    print(f"  │ {entry.role:>6}: {line}", file=stdout)
            print("  └", file=stdout)
    if reply.text is None:
        print(f"[no automatic reply: {reply.handoff_reason}; a colleague will answer]", file=stdout)
    else:
        print(f"assistant ({reply.kind})> {reply.text}", file=stdout)
    if reply.handoff_reason and reply.text is not None:
        print(f"[handed to a sales rep: {reply.handoff_reason}]", file=stdout)
    if reply.lead_score is not None:
        print(f"[lead score {reply.lead_score.score}, {reply.lead_score.priority}]", file=stdout)
