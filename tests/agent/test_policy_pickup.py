"""A running worker applies a newly saved policy version from its next message, without a
restart: one ConversationWorker and one Assistant, the real pipeline on the store, the fake
provider over HTTP, the policy changed in the store between two messages."""

from __future__ import annotations

from agent.workspace_settings import SettingsReader
from aspinix.commands.workspace_settings import settings_defaults
from aspinix.settings import Settings
from fakes.openai_server import FakeOpenAI, Text
from guardrails.alerts import SecurityEvent
from guardrails.policy import Policy, load_policy, policy_yaml
from jobs.answering import AnsweringPolicy, ConversationWorker
from store.ledger import Ledgers
from tests.agent.conftest import AssistantFactory
from tests.store_fixtures import StoreEnv

COMPANY_MAIL = "sales@tarangsoftware.com"
PROFILE_NAME = "Meera Pillai"  # the channel's name for the prospect, seeded into the vault


class Alerts:
    def __init__(self) -> None:
        self.events: list[SecurityEvent] = []

    def raise_alert(self, event: SecurityEvent) -> None:
        self.events.append(event)


def test_a_saved_version_applies_from_the_next_message_without_a_restart(
    store: StoreEnv, make_assistant: AssistantFactory, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(Text("Thanks, noted."), Text("Thanks, we will write to you."))
    alerts = Alerts()
    worker = ConversationWorker(
        Ledgers(store.database, store.keys, store.catalogue),
        make_assistant(),
        AnsweringPolicy(lease_seconds=60),
        SettingsReader(settings_defaults(Settings(_env_file=None))),  # type: ignore[call-arg]
        "test-worker",
        enqueue_send=lambda *_: None,
        enqueue_answer=lambda *_: None,
        alerts=alerts,
    )

    def answered(text: str, channel_id: str) -> str:
        """What the provider was sent of ``text``, once the worker answered it."""
        with store.ledger() as ledger:
            conversation = ledger.conversations.open(contact_id, "whatsapp")
            message = ledger.inbox.receive(conversation, text, channel_id)
            assert message is not None
            message_id = message.id
        worker.answer(store.workspace, message_id)
        with store.ledger() as ledger:
            safe = ledger.conversations.egress(ledger.inbox.get(message_id))
        assert safe is not None, "the turn fell back instead of reaching the provider"
        return safe

    with store.ledger() as ledger:
        contact_id = ledger.contacts.create(PROFILE_NAME).id
    first = answered("Hi, I am Kavya Iyer, write to kavya.iyer@gmail.com", "wamid.p1")
    assert "Kavya Iyer" not in first and "<PERSON_" in first
    with store.ledger() as ledger:
        assert [v.version for v in ledger.policies.history()] == [1]  # the file's, saved
        shipped = load_policy()
        no_names = Policy.model_validate(
            {
                **shipped.model_dump(),
                "entities": {**shipped.entities, "PERSON": {"enabled": False}},
                "allow_list": [COMPANY_MAIL],
            }
        )
        ledger.policies.save(policy_yaml(no_names), "user:admin")
    # A value the conversation's vault already holds stays guarded whatever the policy says
    # (the wire check knows it), so the new settings are shown on values new to it.
    second = answered(
        f"My colleague Arjun Mehta joins too; write to {COMPANY_MAIL} or arjun.mehta@gmail.com",
        "wamid.p2",
    )
    assert "Arjun Mehta" in second and COMPANY_MAIL in second
    assert "arjun.mehta@gmail.com" not in second and "<EMAIL_ADDRESS_" in second
    # With names off, the profile name the vault holds is still replaced (the wire check would
    # block the turn otherwise), and the turn reached the model instead of falling back.
    assert PROFILE_NAME not in fake_openai.all_request_text()
    assert alerts.events == []
