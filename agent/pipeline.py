"""One inbound message, end to end, whatever channel it came from.

Order matters and is the same for every channel:
1. STOP/START and their equivalents: consent updated, a fixed confirmation, no model call.
2. A conversation a rep handles, or a contact who restricted processing or objected, or a minor:
   no AI reply.
3. The agent (LangChain, behind the guardrail middleware) when a model is configured; the
   scripted playbook otherwise, and as the fallback when the provider or the guardrail fails
   (with a hand-off to a rep, recorded).
4. The privacy notice joins the first reply to a contact, and the next one after its version
   changes; facts, score, hand-off and what the model saw are stored with the reply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy.exc import SQLAlchemyError

from agent.conversation import ConversationMessage
from agent.errors import GuardrailUnavailable
from agent.facts import LeadFacts, LeadScore, Rubric, extract_facts, overlay_facts, score
from agent.facts.serialise import facts_from_json, facts_to_json
from agent.fixed_replies import keyword_replies
from agent.identity_links import link_identities
from agent.language import conversation_language
from agent.llm import EgressBlocked, egress_scope
from agent.playbook import Playbook
from agent.purposes import MARKETING_PURPOSE, QUALIFY_PURPOSE, REPLY_PURPOSE
from agent.search import KnowledgeSearch
from agent.system_prompt import render_system_prompt, system_template
from agent.turn import EgressEntry, TurnContext, TurnState
from agent.workspace_settings import WorkspaceSettings
from guardrails.alerts import AlertSink, SecurityEvent, SecurityEventKind
from guardrails.engine import GuardrailEngine
from guardrails.entities import EntityType
from guardrails.errors import (
    ConsentMissing,
    ConsentWithdrawn,
    DetectionError,
    MinorProtected,
    ProcessingObjected,
    ProcessingRefused,
    ProcessingRestricted,
)
from guardrails.keywords import ChannelKeyword
from guardrails.leak_check import LeakDetector
from guardrails.pseudonymiser import Pseudonymiser
from guardrails.vault import rehydrate
from prompts import Prompt
from store.errors import NotFound
from store.identities import IdentityKind
from store.ledger import Ledger
from store.models import Contact, Conversation, Message
from store.policies import PolicyFollower
from store.processing import Recipient
from store.vault import StoredVault

logger = logging.getLogger(__name__)

# Model calls and tool rounds per turn: enough for a few tool calls, never a runaway loop.
_RECURSION_LIMIT = 12
CUSTOM_KEY = "custom"  # the workspace's own fields, stored beside the standard facts
_SEED_TYPES = {
    IdentityKind.PHONE: EntityType.PHONE_NUMBER,
    IdentityKind.WA_ID: EntityType.PHONE_NUMBER,
    IdentityKind.EMAIL: EntityType.EMAIL_ADDRESS,
    IdentityKind.BSUID: EntityType.CHANNEL_ID,
    IdentityKind.USERNAME: EntityType.CHANNEL_ID,
}


# Outbound messages the prospect never saw (a rep rejected it; the channel refused it for
# good), left out of what the agent is told was said.
_NEVER_SENT = frozenset({"rejected", "failed"})

# The hand-off reason code for each way the consent gate can refuse.
_REFUSAL_CODES: dict[type[ProcessingRefused], str] = {
    ProcessingRestricted: "restricted",
    ProcessingObjected: "objected",
    MinorProtected: "minor",
    ConsentWithdrawn: "consent_withdrawn",
    ConsentMissing: "consent_missing",
}


class ReplyKind(StrEnum):
    """Who wrote the reply, or that there is none."""

    AI = "ai"
    PLAYBOOK = "playbook"
    KEYWORD = "keyword"
    NONE = "none"


@dataclass(frozen=True)
class Reply:
    """What goes back to the prospect (rehydrated), and what the channel and the rep need."""

    kind: ReplyKind
    text: str | None
    message_id: str | None = None
    handoff_reason: str | None = None
    notice_version: str | None = None
    lead_score: LeadScore | None = None
    egress: tuple[tuple[EgressEntry, ...], ...] = ()


@dataclass(frozen=True)
class AssistantConfig:
    """The per-deployment choices the pipeline needs."""

    company: str
    notice: Prompt
    notice_version: str
    rubric: Rubric
    recipient: Recipient | None = None
    custom_fields: tuple[str, ...] = ()


@dataclass
class _Turn:
    """One inbound message being handled."""

    conversation: Conversation
    contact: Contact
    inbound: Message
    text: str
    history: list[tuple[Message, str]]
    today: date
    facts: LeadFacts
    custom: dict[str, str]
    # The deployment's choices with the workspace's own settings in force for this turn.
    config: AssistantConfig
    # What else the channel delivered beside the text: a mail's signature block (never shown
    # to the model, but a phone number in it links the prospect's channels), and the other
    # people on the message (Cc), whose names and addresses the vault must know too.
    signature: str | None
    participants: tuple[str, ...]
    # The guardrail under the workspace's policy version in force when the turn began.
    engine: GuardrailEngine


class Assistant:
    """The agent for one process: the guardrail engine, the compiled agent graph (or none), the
    playbook and the knowledge base are built once and serve every conversation. Each turn
    runs the engine under its workspace's newest stored policy version (``PolicyFollower``),
    so an admin's change applies from the next message on, in every process, with no restart."""

    def __init__(
        self,
        engine: GuardrailEngine,
        config: AssistantConfig,
        agent: CompiledStateGraph[Any, Any, Any, Any] | None = None,
        knowledge: KnowledgeSearch | None = None,
        playbook: Playbook | None = None,
        alerts: AlertSink | None = None,
    ) -> None:
        self._policies = PolicyFollower(engine)
        self._alerts = alerts
        self._config = config
        self._agent = agent
        self._knowledge = knowledge
        self._playbook = playbook or Playbook(knowledge=knowledge, rubric=config.rubric)
        self._template = system_template()

    def handle(
        self,
        ledger: Ledger,
        conversation_id: str,
        message_id: str,
        workspace: WorkspaceSettings | None = None,
    ) -> Reply:
        """Answer the stored inbound message ``message_id`` of ``conversation_id``, with the
        workspace's settings in force (its notice and rubric; None: the deployment's)."""
        turn = self._load(
            ledger,
            conversation_id,
            message_id,
            self._config_for(workspace),
            self._policies.engine_for(ledger.policies),
        )
        keyword = ledger.consent.apply_channel_keyword(
            turn.contact.id,
            turn.text,
            source_channel=turn.conversation.channel,
            message_id=turn.inbound.id,
            notice_version=turn.config.notice_version,
        )
        if keyword is not None:
            return self._confirm_keyword(ledger, turn, keyword)
        self._link_channels(ledger, turn)
        if turn.conversation.status != "ai":
            return Reply(ReplyKind.NONE, None, handoff_reason=turn.conversation.status)
        try:
            ledger.require(turn.contact.id, REPLY_PURPOSE)
        except ProcessingRefused as exc:
            return self._no_ai(ledger, turn, exc)
        if self._agent is None:
            return self._playbook_reply(ledger, turn, handoff_reason=None)
        try:
            return self._agent_reply(ledger, turn)
        except ProcessingRefused as exc:
            return self._no_ai(ledger, turn, exc)
        except EgressBlocked as exc:
            ledger.audit.append(
                "egress.blocked", "agent", turn.contact.id, {"entity_types": exc.entity_types}
            )
            if self._alerts is not None:
                self._alerts.raise_alert(
                    SecurityEvent(
                        SecurityEventKind.EGRESS_BLOCKED,
                        ledger.scope.workspace_id,
                        {"entity_types": sorted(exc.entity_types)},
                    )
                )
            return self._playbook_reply(ledger, turn, handoff_reason="egress_blocked")
        except GuardrailUnavailable:
            return self._playbook_reply(ledger, turn, handoff_reason="guardrail_error")
        except SQLAlchemyError:
            raise  # the store failed, not the model: the caller's retry gets a fresh session
        except Exception as exc:  # any provider or framework failure: never silence
            logger.warning("model turn failed", extra={"error": type(exc).__name__})
            return self._playbook_reply(ledger, turn, handoff_reason="provider_error")

    # -- loading -------------------------------------------------------------------------------

    def _config_for(self, workspace: WorkspaceSettings | None) -> AssistantConfig:
        if workspace is None:
            return self._config
        return replace(
            self._config,
            notice=workspace.notice.prompt,
            notice_version=workspace.notice.version,
            rubric=workspace.rubric,
        )

    def _load(
        self,
        ledger: Ledger,
        conversation_id: str,
        message_id: str,
        config: AssistantConfig,
        engine: GuardrailEngine,
    ) -> _Turn:
        conversation = ledger.conversations.get(conversation_id)
        contact = ledger.contacts.get(conversation.contact_id)
        history: list[tuple[Message, str]] = []
        inbound: Message | None = None
        for message in ledger.conversations.messages(conversation):
            if message.delivery in _NEVER_SENT:
                continue
            history.append((message, ledger.conversations.body(message)))
            if message.id == message_id:
                inbound = message
                break
        if inbound is None or inbound.direction != "inbound":
            raise NotFound(f"no inbound message {message_id} in conversation {conversation_id}")
        text = history[-1][1]
        stored = dict(ledger.leads.get(conversation).facts)
        custom = stored.pop(CUSTOM_KEY, {})
        latest = extract_facts([(text, inbound.created_at)])
        facts = overlay_facts(facts_from_json(stored) if stored else LeadFacts(), latest)
        meta = ledger.conversations.meta(inbound)
        return _Turn(
            conversation=conversation,
            contact=contact,
            inbound=inbound,
            text=text,
            history=history,
            today=inbound.created_at.date(),
            facts=facts,
            custom=dict(custom),
            config=config,
            signature=meta.get("signature"),
            participants=tuple(meta.get("participants", ())),
            engine=engine,
        )

    def _link_channels(self, ledger: Ledger, turn: _Turn) -> None:
        """E-mail addresses and phone numbers the prospect gives link their channels (best
        effort: a detection failure leaves the lead as it was)."""
        if not _allowed(ledger, turn.contact.id, QUALIFY_PURPOSE):
            return
        texts = [turn.text] + ([turn.signature] if turn.signature else [])
        try:
            link_identities(ledger, turn.engine, turn.contact, texts, "agent")
        except DetectionError as exc:
            logger.warning("identity linking skipped", extra={"error": type(exc).__name__})

    # -- the replies -----------------------------------------------------------------------------

    def _confirm_keyword(self, ledger: Ledger, turn: _Turn, keyword: ChannelKeyword) -> Reply:
        replies, _ = keyword_replies()
        lines = replies.for_language(conversation_language([turn.text]))
        text = lines.stop if keyword is ChannelKeyword.STOP else lines.start
        stored = ledger.conversations.add_message(
            turn.conversation, "outbound", text, author="system", reply_to=turn.inbound
        )
        return Reply(ReplyKind.KEYWORD, text, message_id=stored.id)

    def _no_ai(self, ledger: Ledger, turn: _Turn, refusal: ProcessingRefused) -> Reply:
        """No AI for this contact: the conversation waits for a rep, and the audit log says why."""
        reason = _REFUSAL_CODES.get(type(refusal), "refused")
        ledger.conversations.set_status(turn.conversation, "handed_off", reason)
        ledger.audit.append("agent.no_ai_reply", "agent", turn.contact.id, {"reason": reason})
        return Reply(ReplyKind.NONE, None, handoff_reason=reason)

    def _playbook_reply(self, ledger: Ledger, turn: _Turn, handoff_reason: str | None) -> Reply:
        history = [
            ConversationMessage(
                "prospect" if message.direction == "inbound" else "business",
                body,
                message.created_at,
            )
            for message, body in turn.history
        ]
        scripted = self._playbook.reply(history, turn.today, turn.config.rubric)
        facts = overlay_facts(turn.facts, scripted.facts)
        reason = handoff_reason or ("qualified" if scripted.handoff else None)
        if handoff_reason is not None:
            ledger.audit.append(
                "agent.fallback", "agent", turn.contact.id, {"reason": handoff_reason}
            )
        return self._finish(
            ledger,
            turn,
            ReplyKind.PLAYBOOK,
            scripted.text,
            model_text=None,
            facts=facts,
            custom=turn.custom,
            handoff_reason=reason,
            follow_up=None,
        )

    def _agent_reply(self, ledger: Ledger, turn: _Turn) -> Reply:
        config = turn.config
        assert self._agent is not None and config.recipient is not None
        vault = ledger.vault(turn.conversation.id)
        self._seed(ledger, turn.contact, vault)
        for participant in turn.participants:
            self._seed(ledger, ledger.contacts.get(participant), vault)
        pseudonymiser = Pseudonymiser(turn.engine, vault)
        for message, body in turn.history:
            safe = ledger.conversations.egress(message)
            if safe is not None:
                pseudonymiser.remember(body, safe)
        qualifying = _allowed(ledger, turn.contact.id, QUALIFY_PURPOSE)
        state = TurnState(
            facts=turn.facts,
            custom=turn.custom,
            rubric=config.rubric,
            profile_name=ledger.contacts.name(turn.contact),
        )
        context = TurnContext(
            conversation_id=turn.conversation.id,
            contact_id=turn.contact.id,
            purpose=QUALIFY_PURPOSE if qualifying else REPLY_PURPOSE,
            today=turn.today,
            ledger=ledger,
            pseudonymiser=pseudonymiser,
            vault=vault,
            recipient=config.recipient,
            prompt_ref=self._template.ref,
            render_system=lambda summary: render_system_prompt(
                self._template,
                company=config.company,
                channel=turn.conversation.channel,
                today=turn.today,
                custom_fields=config.custom_fields,
                summary=summary,
            ),
            state=state,
            knowledge=self._knowledge,
            custom_fields=config.custom_fields,
            marketing_allowed=_allowed(ledger, turn.contact.id, MARKETING_PURPOSE),
        )
        # Defence in depth: even if the middleware were bypassed, the transport refuses any
        # request holding a value the vault knows (the channel's identifiers and earlier turns');
        # the middleware opens a fresher scope per model call with this turn's values too.
        with egress_scope(LeakDetector.for_vault(vault)):
            result = self._agent.invoke(
                {"messages": [_as_langchain(message, body) for message, body in turn.history]},
                context=context,
                config={"recursion_limit": _RECURSION_LIMIT},
            )
        final = result["messages"][-1]
        model_text = final.text if isinstance(final, AIMessage) else ""
        if not model_text.strip():
            raise RuntimeError("the model returned an empty reply")
        # Safe forms of this turn's texts are kept, so the next turn need not detect again.
        for message, body in turn.history:
            if message.egress_ct is None and (safe := pseudonymiser.known(body)) is not None:
                ledger.conversations.set_egress(message, safe)
        return self._finish(
            ledger,
            turn,
            ReplyKind.AI,
            rehydrate(model_text, vault),
            model_text=model_text,
            facts=state.facts,
            custom=state.custom,
            handoff_reason=state.handoff_reason,
            follow_up=state.follow_up,
            egress=context.egress,
        )

    def _finish(
        self,
        ledger: Ledger,
        turn: _Turn,
        kind: ReplyKind,
        text: str,
        *,
        model_text: str | None,
        facts: LeadFacts,
        custom: dict[str, str],
        handoff_reason: str | None,
        follow_up: dict[str, Any] | None,
        egress: list[list[EgressEntry]] | None = None,
    ) -> Reply:
        notice_version: str | None = None
        config = turn.config
        if ledger.contacts.notice_due(turn.contact, config.notice_version):
            text = f"{text}\n\n{config.notice.text.strip()}"
            notice_version = config.notice_version
            ledger.contacts.notice_shown(turn.contact, notice_version, "agent")
        stored = ledger.conversations.add_message(
            turn.conversation, "outbound", text, author=kind.value, reply_to=turn.inbound
        )
        if model_text is not None:
            ledger.conversations.set_egress(stored, model_text)
        lead_score = score(facts, config.rubric)
        ledger.leads.save_facts(
            turn.conversation,
            {**facts_to_json(facts, exact=True), CUSTOM_KEY: custom},
            lead_score.score,
            lead_score.priority.value,
            lead_score.reasons,
        )
        if follow_up is not None:
            ledger.leads.save_follow_up(turn.conversation, follow_up)
        if handoff_reason is not None:
            ledger.conversations.set_status(turn.conversation, "handed_off", handoff_reason)
        return Reply(
            kind,
            text,
            message_id=stored.id,
            handoff_reason=handoff_reason,
            notice_version=notice_version,
            lead_score=lead_score,
            egress=tuple(tuple(call) for call in egress or ()),
        )

    @staticmethod
    def _seed(ledger: Ledger, contact: Contact, vault: StoredVault) -> None:
        """What the channel knows about the contact, so it is caught in any spelling."""
        name = ledger.contacts.name(contact)
        if name:
            vault.seed(EntityType.PERSON, name)
        for kind, value in ledger.contacts.identities(contact):
            vault.seed(_SEED_TYPES.get(kind, EntityType.CHANNEL_ID), value)


def _allowed(ledger: Ledger, contact_id: str, purpose: str) -> bool:
    try:
        ledger.require(contact_id, purpose)
    except ProcessingRefused:
        return False
    return True


def _as_langchain(message: Message, body: str) -> AnyMessage:
    if message.direction == "inbound":
        return HumanMessage(body)
    return AIMessage(body)
