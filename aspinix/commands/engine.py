"""Building the guardrail engine from settings, the same way for every command."""

from __future__ import annotations

import sys

from aspinix.settings import Settings
from guardrails.engine import GuardrailEngine
from guardrails.errors import GuardrailError
from guardrails.policy import load_policy


class StartupError(Exception):
    """The engine could not start; the message says what to fix."""


def build_engine(settings: Settings) -> GuardrailEngine:
    """Load the policy and the engine once, or explain why not."""
    try:
        return GuardrailEngine(load_policy(settings.policy_file), settings.hash_key_bytes())
    except GuardrailError as exc:
        raise StartupError(str(exc)) from exc


def report_startup_error(error: StartupError) -> int:
    """Print a start-up failure for a person and return the exit code."""
    print(f"aspinix: {error}", file=sys.stderr)
    return 2
