"""The LangChain agent: the model, the four tools, and the guardrail middleware in front of the
model. Built once per process; each turn passes its own :class:`TurnContext`."""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langgraph.graph.state import CompiledStateGraph

from agent.guardrail_middleware import GuardrailMiddleware
from agent.tools import agent_tools
from agent.turn import TurnContext


def build_agent(model: BaseChatModel) -> CompiledStateGraph[Any, Any, Any, Any]:
    """The agent graph; the guardrail is the only way its messages reach ``model``."""
    return create_agent(
        model=model,
        tools=agent_tools(),
        middleware=[GuardrailMiddleware()],
        context_schema=TurnContext,
    )
