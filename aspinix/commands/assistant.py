"""Building the assistant (guardrail engine, agent or playbook, knowledge base) from settings,
the same way for the chat command, the qualify command and the service."""

from __future__ import annotations

import logging

from agent.errors import AgentError
from agent.facts import RubricError, load_rubric
from agent.fixed_replies import privacy_notice
from agent.pipeline import Assistant, AssistantConfig
from agent.provider import ModelConfig
from agent.search import KnowledgeSearch
from aspinix.commands.engine import build_engine
from aspinix.settings import Settings
from aspinix.startup import StartupError
from guardrails.alerts import AlertSink

logger = logging.getLogger(__name__)


def model_config(settings: Settings) -> ModelConfig | None:
    """The AI provider's configuration, or None when no key is set (the playbook answers)."""
    if settings.openai_api_key is None:
        return None
    return ModelConfig(
        api_key=settings.openai_api_key.get_secret_value(),
        model=settings.llm_model,
        base_url=settings.openai_base_url,
        timeout_seconds=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
    )


def open_knowledge(settings: Settings) -> KnowledgeSearch | None:
    """The company knowledge base; without it the assistant still answers (and says a
    colleague will confirm product details), so a failure to open it is a warning."""
    from agent.knowledge import KnowledgeBaseUnavailable, open_knowledge_base

    try:
        return open_knowledge_base(settings)
    except KnowledgeBaseUnavailable as exc:
        logger.warning("knowledge base unavailable", extra={"error": str(exc)})
        return None


def build_assistant(settings: Settings, alerts: AlertSink | None = None) -> Assistant:
    """The assistant for this process, or a StartupError saying what to fix."""
    engine = build_engine(settings)
    try:
        rubric = load_rubric(settings.rubric_file)
        notice = privacy_notice(settings.privacy_notice_version, settings.privacy_notice_file)
    except (RubricError, AgentError) as exc:
        raise StartupError(str(exc)) from exc
    config = model_config(settings)
    agent = None
    if config is not None:
        from agent.agent_graph import build_agent
        from agent.provider import build_chat_model

        agent = build_agent(build_chat_model(config))
    return Assistant(
        engine,
        AssistantConfig(
            company=settings.company_name,
            notice=notice,
            notice_version=settings.privacy_notice_version,
            rubric=rubric,
            recipient=config.recipient if config else None,
            custom_fields=settings.custom_fields,
        ),
        agent=agent,
        knowledge=open_knowledge(settings),
        alerts=alerts,
    )
