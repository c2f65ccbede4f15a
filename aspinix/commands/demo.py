"""``aspinix demo``: the guardrail at work, then a whole conversation with the assistant.

Part 1 needs no store: a scripted prospect conversation, pseudonymised turn by turn, and an AI
reply scripted the way a model answers (in placeholders), rehydrated for the prospect.
Part 2 runs the real service on the embedded default (SQLite database and queue, chromadb under
the data directory): the sample knowledge base is ingested, ``aspinix serve`` starts with its
worker, and a scripted prospect writes in through the signed WhatsApp webhook; the configured
model answers or, with no OPENAI_API_KEY, the scripted playbook.
"""

from __future__ import annotations

from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from aspinix.commands.engine import build_engine
from aspinix.commands.store_context import StoreContext, open_store
from aspinix.settings import Settings
from aspinix.startup import StartupError, report_startup_error
from guardrails.engine import GuardrailEngine
from guardrails.entities import EntityType
from guardrails.errors import DetectionError
from guardrails.pseudonymiser import Pseudonymiser
from guardrails.vault import InMemoryVault

if TYPE_CHECKING:
    from aspinix.commands.webhook_demo import DemoService
    from fakes.gmail_api import FakeGoogle

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
    """Part 1, the guardrail; part 2, a WhatsApp conversation through the webhook and the
    worker; part 3, an e-mail conversation through a fake Gmail."""
    try:
        engine = build_engine(settings)
    except StartupError as exc:
        return report_startup_error(exc)
    status = _guardrail_demo(engine)
    if status != 0:
        return status
    return _conversation_demo(settings, engine)


def _guardrail_view(engine: GuardrailEngine) -> Callable[[str], str]:
    """What the guardrail would send a model for a turn of part 2 (when no model is set)."""
    vault = InMemoryVault("demo-webhook-conversation")
    vault.seed(EntityType.PERSON, PROFILE_NAME)
    guard = Pseudonymiser(engine, vault)
    return lambda text: f"(no model call) {guard.pseudonymise(text).text}"


def _conversation_demo(settings: Settings, engine: GuardrailEngine) -> int:
    print("\n--- Part 2: a WhatsApp conversation through the real webhook ---\n")
    from aspinix.commands.mail_demo import MAILBOX, mail_env
    from aspinix.commands.webhook_demo import DemoService, new_prospect, take_turn
    from fakes.gmail_api import FakeGoogle

    try:
        store = open_store(settings)
        _ingest_sample_knowledge(settings)
        print("Starting `aspinix serve` (review mode) and its worker...", flush=True)
        with (
            FakeGoogle(email_address=MAILBOX) as google,
            DemoService(settings, mail_env(google)) as service,
        ):
            prospect = new_prospect(PROFILE_NAME)
            guardrail_view = _guardrail_view(engine)
            print(f"WhatsApp contact: {prospect.name}, +{prospect.wa_id}, {prospect.bsuid}\n")
            for line in CONVERSATION:
                turn = take_turn(service, store, prospect, line, guardrail_view)
                print(f"prospect wrote> {turn.wrote}")
                print(f"model saw     > {turn.model_saw}")
                print(f"reply (draft) > {_indent(turn.reply)}")
                print(f"lead card     > {_indent(chr(10).join(turn.lead_card))}\n", flush=True)
            _mail_demo(settings, store, google, service, engine)
    except StartupError as exc:
        return report_startup_error(exc)
    mode = "the AI model" if settings.openai_api_key else "the scripted playbook (no key set)"
    print(f"Replies came from {mode}; each waits as a draft for a rep (GET /api/drafts).")
    print(f"The data directory {settings.data_dir} holds it all, encrypted.")
    return 0


def _mail_demo(
    settings: Settings,
    store: StoreContext,
    google: FakeGoogle,
    service: DemoService,
    engine: GuardrailEngine,
) -> None:
    """Part 3: a prospect's e-mails, read from the fake Gmail, answered in their thread."""
    from aspinix.commands.mail_demo import (
        MAILBOX,
        connect,
        describe,
        first_mail,
        mail_turn,
        new_address,
        second_mail,
    )

    print("--- Part 3: an e-mail conversation, threaded, through a fake Gmail ---\n")
    connect(google, service, settings.data_dir)
    print(f"Mailbox {MAILBOX} connected (aspinix gmail connect --authorized-user-file)\n")
    view = _mail_model_view(store, engine)
    address = new_address()
    raw, first_id = first_mail(address)
    turn = mail_turn(google, service, raw, None, view)
    _print_mail(raw, turn.model_saw, turn.draft, describe(turn.sent))
    references = [first_id]
    raw, _ = second_mail(address, str(turn.sent.message["Message-ID"]), references)
    turn = mail_turn(google, service, raw, turn.sent.requested_thread_id, view)
    _print_mail(raw, turn.model_saw, turn.draft, describe(turn.sent))


def _mail_model_view(store: StoreContext, engine: GuardrailEngine) -> Callable[[str], str]:
    """What the model saw of a conversation's latest mail: the stored egress, or (no model)
    what the guardrail would have sent, the sender's name in a vault of the demo's own."""

    def view(conversation_id: str) -> str:
        with store.ledger() as ledger:
            latest = ledger.inbox.latest(conversation_id)
            assert latest is not None
            saw = ledger.conversations.egress(latest)
            if saw is not None:
                return saw
            body = ledger.conversations.body(latest)
            contact = ledger.contacts.get(ledger.conversations.get(conversation_id).contact_id)
            name = ledger.contacts.name(contact)
        vault = InMemoryVault(conversation_id)
        if name:
            vault.seed(EntityType.PERSON, name)
        return f"(no model call) {Pseudonymiser(engine, vault).pseudonymise(body).text}"

    return view


def _print_mail(raw: bytes, model_saw: str, draft: str, sent: list[str]) -> None:
    mail = message_from_bytes(raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    headers = [f"{name}: {mail[name]}" for name in _SHOWN_HEADERS if mail[name]]
    part = mail.get_body(("plain",))
    body = part.get_content().strip() if isinstance(part, EmailMessage) else ""
    print("prospect mailed> " + _indent("\n".join(headers) + "\n\n" + body))
    print(f"model saw      > {_indent(model_saw)}")
    print(f"reply (draft)  > {_indent(draft)}")
    print(f"approved, sent > {_indent(chr(10).join(sent))}\n", flush=True)


_SHOWN_HEADERS = ("From", "Cc", "Subject", "In-Reply-To")


def _ingest_sample_knowledge(settings: Settings) -> None:
    if SAMPLE_KNOWLEDGE.is_dir():
        from agent.knowledge import open_knowledge_base

        report = open_knowledge_base(settings).ingest(SAMPLE_KNOWLEDGE)
        print(
            f"Knowledge base: {report.added + report.replaced + report.unchanged} sample "
            f"documents of a fictional company, Tarang CRM (examples/knowledge_base)\n"
        )


def _indent(text: str) -> str:
    return text.replace("\n", "\n" + " " * 16)


def _guardrail_demo(engine: GuardrailEngine) -> int:
    """Print each turn as typed, as the AI provider sees it, and the rehydrated reply."""
    print("--- Part 1: what the AI provider sees ---\n")
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
