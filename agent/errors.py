"""The agent's exceptions, each saying what failed and what happens instead."""

from __future__ import annotations


class AgentError(Exception):
    """Base class for the agent's own failures."""


class GuardrailUnavailable(AgentError):
    """The guardrail could not check a turn, so no model call was made (fail closed)."""


class ProviderUnavailable(AgentError):
    """The AI provider failed or timed out; the playbook answers and a rep is asked to look."""
