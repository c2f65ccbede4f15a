"""The policy editor's form fields as a browser posts them, for tests."""

from __future__ import annotations

from api.console.policy_form import PolicyForm, rule_field
from guardrails.policy import Policy


def form_fields(policy: Policy, off: tuple[str, ...] = (), **changes: str) -> dict[str, str]:
    """The form for ``policy`` as posted (a checkbox is left out when off), with the entity
    types in ``off`` turned off and ``changes`` (input name to value) made."""
    form = PolicyForm.from_policy(policy)
    fields: dict[str, str] = {"allow_list": form.allow_list, **form.limits}
    for row in form.rules:
        if row.enabled and row.entity_type not in off:
            fields[rule_field(row.entity_type, "enabled")] = "true"
        fields[rule_field(row.entity_type, "threshold")] = row.threshold
        fields[rule_field(row.entity_type, "operator")] = row.operator
    return {**fields, **changes}
