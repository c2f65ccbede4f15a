"""An engine under another policy (``with_policy``): its own settings, the shared engine left as
it was, and values a conversation already knows replaced whatever the policy turns off."""

from __future__ import annotations

from guardrails.engine import GuardrailEngine
from guardrails.entities import EntityType
from guardrails.policy import Policy
from guardrails.recognizers.known_values import KnownValue

TEXT = "Meera Pillai here; my colleague Arjun Mehta will call you"
NO_NAMES = Policy.model_validate(
    {"entities": {"PERSON": {"enabled": False}}, "allow_list": ["Arjun Mehta"]}
)


def _people(findings_text: str, engine: GuardrailEngine, known: list[KnownValue]) -> set[str]:
    return {
        findings_text[f.start : f.end]
        for f in engine.analyze(findings_text, known)
        if f.entity_type == "PERSON"
    }


def test_a_view_applies_its_policy_and_leaves_the_shared_engine_alone(
    engine: GuardrailEngine,
) -> None:
    view = engine.with_policy(NO_NAMES)
    assert _people(TEXT, view, []) == set()
    assert _people(TEXT, engine, []) == {"Meera Pillai", "Arjun Mehta"}
    assert view.policy is NO_NAMES and engine.policy is not NO_NAMES


def test_a_known_value_is_replaced_whatever_the_policy_turns_off_or_allows(
    engine: GuardrailEngine,
) -> None:
    """The wire check blocks any request holding a value the vault knows, so the engine must
    not release one: a type turned off applies to values the conversation has not met."""
    view = engine.with_policy(NO_NAMES)
    known = [
        KnownValue(EntityType.PERSON, "Meera Pillai"),
        KnownValue(EntityType.PERSON, "Arjun Mehta"),
    ]
    assert _people(TEXT, view, known[:1]) == {"Meera Pillai"}
    assert _people(TEXT, view, known) == {"Meera Pillai", "Arjun Mehta"}  # allowed, but known
