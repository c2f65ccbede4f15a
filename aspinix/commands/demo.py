"""``aspinix demo``: the guardrail at work, then a whole conversation with the assistant.

Part 1 needs no store: a scripted prospect conversation, pseudonymised turn by turn, and an AI
reply scripted the way a model answers (in placeholders), rehydrated for the prospect.
Part 2 runs the real pipeline on the embedded default (SQLite and chromadb under the data
directory): the sample knowledge base is ingested, and a scripted prospect talks to the
assistant, the configured model or, with no OPENAI_API_KEY, the scripted playbook.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aspinix.commands.assistant import build_assistant
from aspinix.commands.chat import open_conversation, print_reply, take_turn
from aspinix.commands.engine import build_engine
from aspinix.commands.store_context import open_store
from aspinix.settings import Settings
from aspinix.startup import StartupError, report_startup_error
from guardrails.entities import EntityType
from guardrails.errors import DetectionError
from guardrails.pseudonymiser import Pseudonymiser
from guardrails.vault import InMemoryVault

# What WhatsApp tells us about the contact before they type a word.
PROFILE_NAME = "Priya Sharma"
PROFILE_PHONE = "+91 98765 43210"

PROSPECT_TURNS = (
    "Hi, this is priya from Lotus Textiles in Surat. We need a CRM for 40 seats by March.",
    "Email me at priya dot sharma at gmail dot com, or call nine eight seven six five four "
    "three two one zero. Budget is around ₹5 lakh.",
    "Bill it to GSTIN 24AAACL1234F1Z5, Flat 12B, Palm Grove Apartments, Ring Road, "
    "Surat 395002. Pay via priya.sharma@okhdfcbank.",
)
# A reply as the model writes it: it only ever saw placeholders. <PERSON_9> belongs to no one in
# this conversation and must stay unresolved.
SCRIPTED_REPLY = (
    "Thanks <PERSON_1>! Noted: 40 seats by March for Lotus Textiles, budget around ₹5 lakh. "
    "I'll send the proposal to <EMAIL_ADDRESS_1> and the invoice for <IN_GSTIN_1>. "
    "(A stray <PERSON_9> from elsewhere stays a placeholder.)"
)


SAMPLE_KNOWLEDGE = Path(__file__).resolve().parents[2] / "examples" / "knowledge_base"
CONVERSATION = (
    "Hi! We are a 40-person textiles company in Surat looking for a CRM for our sales team.",
    "How much does it cost per seat?",
    "Our budget is around ₹5 lakh a year and we want to go live by March.",
    "I am the founder, so I decide.",
)


def run_demo(settings: Settings) -> int:
    """Part 1, the guardrail; part 2, a conversation through the whole pipeline."""
    status = _guardrail_demo(settings)
    if status != 0:
        return status
    return _conversation_demo(settings)


def _conversation_demo(settings: Settings) -> int:
    print("\n--- Part 2: a conversation through the whole pipeline ---\n")
    try:
        store = open_store(settings)
        if SAMPLE_KNOWLEDGE.is_dir():
            from agent.knowledge import open_knowledge_base

            report = open_knowledge_base(settings).ingest(SAMPLE_KNOWLEDGE)
            print(
                f"Knowledge base: {report.added + report.replaced + report.unchanged} sample "
                f"documents of a fictional company, Tarang CRM (examples/knowledge_base)\n"
            )
        assistant = build_assistant(settings)
    except StartupError as exc:
        return report_startup_error(exc)
    # A new contact each run (no phone given), so every demo starts a fresh conversation.
    conversation_id = open_conversation(store, PROFILE_NAME, None, None)
    for line in CONVERSATION:
        print(f"prospect> {line}")
        print_reply(take_turn(store, assistant, conversation_id, line), False, sys.stdout)
        print()
    print(f"The data directory {settings.data_dir} holds it all, encrypted; try `aspinix chat`.")
    return 0


def _guardrail_demo(settings: Settings) -> int:
    """Print each turn as typed, as the AI provider sees it, and the rehydrated reply."""
    print("--- Part 1: what the AI provider sees ---\n")
    try:
        engine = build_engine(settings)
    except StartupError as exc:
        return report_startup_error(exc)
    vault = InMemoryVault("demo-conversation")
    vault.seed(EntityType.PERSON, PROFILE_NAME)
    vault.seed(EntityType.PHONE_NUMBER, PROFILE_PHONE)
    guard = Pseudonymiser(engine, vault)
    print(f"WhatsApp contact: {PROFILE_NAME}, {PROFILE_PHONE} (seeded into the vault)\n")
    try:
        for number, turn in enumerate(PROSPECT_TURNS, start=1):
            safe = guard.pseudonymise(turn)
            found = ", ".join(sorted({f.entity_type for f in safe.findings})) or "nothing"
            print(f"Turn {number}, prospect typed:\n  {turn}")
            print(f"AI provider sees ({found}):\n  {safe.text}\n")
    except DetectionError as exc:
        print(f"aspinix demo: the guardrail withheld a turn: {exc}")
        return 1
    print(f"AI reply, as the model wrote it:\n  {SCRIPTED_REPLY}")
    print(f"Reply sent to the prospect:\n  {guard.rehydrate(SCRIPTED_REPLY)}")
    return 0
