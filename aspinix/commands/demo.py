"""``aspinix demo``: a scripted prospect conversation, pseudonymised turn by turn.

No network and no model: the AI reply is scripted the way a model answers, in placeholders, so
the demo shows exactly what an AI provider would see and what the prospect gets back.
"""

from __future__ import annotations

from aspinix.commands.engine import build_engine
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


def run_demo(settings: Settings) -> int:
    """Print each turn as typed, as the AI provider sees it, and the rehydrated reply."""
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
