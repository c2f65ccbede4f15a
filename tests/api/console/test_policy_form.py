"""The policy editor's form read into a policy through the schema: every input named by its
schema field, problems keyed by that name, the allow-list one term per line."""

from __future__ import annotations

import pytest

from api.console.policy_form import PolicyForm, PolicyFormInvalid, read_note, rule_field
from guardrails.entities import EntityType
from guardrails.policy import Operator, load_policy
from tests.api.console.policy_fields import form_fields


def test_an_unchanged_form_gives_back_the_policy_it_shows() -> None:
    shipped = load_policy()
    read = PolicyForm.from_submitted(form_fields(shipped)).to_policy(hash_key_set=False)
    assert all(read.rule_for(t) == shipped.rule_for(t) for t in EntityType)
    assert (read.allow_list, read.time_budget_ms, read.max_text_chars) == (
        shipped.allow_list,
        shipped.time_budget_ms,
        shipped.max_text_chars,
    )


def test_a_type_turned_off_a_threshold_an_operator_and_allow_list_terms() -> None:
    submitted = form_fields(
        load_policy(),
        **{
            rule_field("PHONE_NUMBER", "threshold"): "0.8",
            rule_field("EMAIL_ADDRESS", "operator"): "mask",
            "allow_list": "  Tarang CRM \n\nsales@tarangsoftware.com\nTarang CRM\n",
        },
        off=("PERSON",),
    )
    policy = PolicyForm.from_submitted(submitted).to_policy(hash_key_set=False)
    assert "PERSON" not in policy.enabled_types() and "ADDRESS" in policy.enabled_types()
    assert policy.rule_for("PHONE_NUMBER").threshold == 0.8
    assert policy.rule_for("EMAIL_ADDRESS").operator is Operator.MASK
    assert policy.allow_list == ("Tarang CRM", "sales@tarangsoftware.com")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        (rule_field("PERSON", "threshold"), "1.5", "less than or equal to 1"),
        (rule_field("PERSON", "threshold"), "", "valid number"),
        (rule_field("IN_PAN", "operator"), "shred", "placeholder"),
        ("time_budget_ms", "0", "greater than 0"),
        ("max_text_chars", "lots", "valid integer"),
    ],
)
def test_each_problem_is_keyed_by_the_input_that_has_it(field: str, value: str, says: str) -> None:
    form = PolicyForm.from_submitted(form_fields(load_policy(), **{field: value}))
    with pytest.raises(PolicyFormInvalid) as refused:
        form.to_policy(hash_key_set=False)
    assert list(refused.value.problems) == [field]
    assert says in refused.value.problems[field]
    assert field in str(refused.value)
    # Nothing is lost: the form keeps the refused value to show it again.
    shown = {rule_field(r.entity_type, "threshold"): r.threshold for r in form.rules}
    shown |= {rule_field(r.entity_type, "operator"): r.operator for r in form.rules}
    assert {**shown, **form.limits}[field] == value


def test_the_hash_operator_needs_a_hash_key_on_the_server() -> None:
    field = rule_field("PHONE_NUMBER", "operator")
    form = PolicyForm.from_submitted(form_fields(load_policy(), **{field: "hash"}))
    with pytest.raises(PolicyFormInvalid, match="ASPINIX_HASH_KEY") as refused:
        form.to_policy(hash_key_set=False)
    assert list(refused.value.problems) == [field]
    assert form.to_policy(hash_key_set=True).rule_for("PHONE_NUMBER").operator is Operator.HASH


def test_a_note_is_optional_and_limited() -> None:
    assert read_note({}) == ""
    assert read_note({"note": "  names off for the demo "}) == "names off for the demo"
    with pytest.raises(PolicyFormInvalid, match="note: at most 500"):
        read_note({"note": "x" * 501})
