"""Building the guardrail engine from settings, the same way for every command."""

from __future__ import annotations

from aspinix.settings import Settings
from aspinix.startup import StartupError
from guardrails.engine import GuardrailEngine
from guardrails.errors import GuardrailError
from guardrails.policy import load_policy


def build_engine(settings: Settings) -> GuardrailEngine:
    """Load the policy and the engine once, or explain why not."""
    try:
        return GuardrailEngine(load_policy(settings.policy_file), settings.hash_key_bytes())
    except GuardrailError as exc:
        raise StartupError(str(exc)) from exc
