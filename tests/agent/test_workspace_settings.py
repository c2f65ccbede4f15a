"""Workspace settings sections: each validated by the existing rules with the form field named,
the notice label rule, the working-hours rule, and the reader that re-parses only when a new
version was saved."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from agent.workspace_settings import (
    NOTICE,
    REPLY_MODE,
    RUBRIC,
    WORKING_HOURS,
    SettingsInvalid,
    SettingsReader,
    WorkingHours,
    hours_body,
    notice_body,
    parse_hours,
    parse_notice,
    save_section,
)
from aspinix.commands.workspace_settings import settings_defaults
from aspinix.settings import Settings
from store.settings_versions import PURPOSES
from tests.store_fixtures import StoreEnv

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
# Kolkata is UTC+05:30: 04:00 UTC on Monday 2 June 2025 is 09:30 there.
MONDAY_0930_IST = datetime(2025, 6, 2, 4, 0, tzinfo=UTC)
MONDAY_2000_IST = datetime(2025, 6, 2, 14, 30, tzinfo=UTC)
SATURDAY_1000_IST = datetime(2025, 6, 7, 4, 30, tzinfo=UTC)


@pytest.fixture
def defaults() -> dict[str, str]:
    return settings_defaults(Settings(_env_file=None))  # type: ignore[call-arg]


def test_the_defaults_come_from_the_deployment(defaults: dict[str, str]) -> None:
    notice = parse_notice(defaults[NOTICE])
    assert notice.version == "v2" and notice.text.startswith("Privacy: this is an automated")
    assert defaults[REPLY_MODE] == "review" and defaults[WORKING_HOURS] == ""
    assert "weights:" in defaults[RUBRIC] and "response_generation" in defaults[PURPOSES]


@pytest.mark.parametrize(
    ("section", "body", "field", "says"),
    [
        (RUBRIC, "weights: {need: 50}\n", RUBRIC, "weights.budget"),
        (PURPOSES, "controller: Acme\npurposes: {}\n", PURPOSES, "missing"),
        (REPLY_MODE, "sometimes", REPLY_MODE, "review or auto"),
        (NOTICE, notice_body("3", "New text."), "notice_version", "v followed by a number"),
        (NOTICE, notice_body("v3", "   "), "notice_text", "at least 1 character"),
        (WORKING_HOURS, hours_body("Mars/Olympus", WEEKDAYS, "09:00", "18:00"), "timezone",
         "unknown time zone"),
        (WORKING_HOURS, hours_body("Asia/Kolkata", [], "09:00", "18:00"), "days", "one day"),
        (WORKING_HOURS, hours_body("Asia/Kolkata", WEEKDAYS, "nine", "18:00"), "start", "09:00"),
        (WORKING_HOURS, hours_body("Asia/Kolkata", WEEKDAYS, "18:00", "09:00"), "end", "later"),
    ],
)  # fmt: skip
def test_an_invalid_section_is_refused_with_the_field_named_and_nothing_saved(
    store: StoreEnv, defaults: dict[str, str], section: str, body: str, field: str, says: str
) -> None:
    with store.ledger() as ledger:
        with pytest.raises(SettingsInvalid) as refused:
            save_section(ledger, defaults, section, body, "user:a1")
        assert ledger.settings.head() == 0
    assert refused.value.field == field
    assert says in refused.value.message


def test_a_notice_label_never_goes_down_and_a_new_text_needs_a_new_label(
    store: StoreEnv, defaults: dict[str, str]
) -> None:
    with store.ledger() as ledger:
        for label, text in (("v2", "Changed wording."), ("v1", "Older.")):
            with pytest.raises(SettingsInvalid) as refused:
                save_section(ledger, defaults, NOTICE, notice_body(label, text), "user:a1")
            assert refused.value.field == "notice_version"
        assert save_section(ledger, defaults, NOTICE, notice_body("v3", "New."), "user:a1") == 1
        entry = ledger.audit.entries()[0]
    assert json.loads(entry.details) == {"section": "notice", "notice_version": "v3"}


def test_working_hours_are_open_on_the_days_and_times_in_their_zone() -> None:
    hours = parse_hours(hours_body("Asia/Kolkata", ["fri", "mon"], "09:00", "18:00"))
    assert isinstance(hours, WorkingHours) and hours.days == ("mon", "fri")
    assert hours.is_open(MONDAY_0930_IST)
    assert not hours.is_open(MONDAY_2000_IST)
    assert not hours.is_open(SATURDAY_1000_IST)
    assert parse_hours(hours_body("", [], "", "")) is None


def test_auto_mode_sends_at_once_only_within_working_hours(
    store: StoreEnv, defaults: dict[str, str]
) -> None:
    reader = SettingsReader(defaults)
    with store.ledger() as ledger:
        assert not reader.current(ledger).sends_at_once(MONDAY_0930_IST)  # review: never
        save_section(ledger, defaults, REPLY_MODE, "auto", "user:a1")
        assert reader.current(ledger).sends_at_once(SATURDAY_1000_IST)  # no hours: always
        hours = hours_body("Asia/Kolkata", WEEKDAYS, "09:00", "18:00")
        save_section(ledger, defaults, WORKING_HOURS, hours, "user:a1")
        current = reader.current(ledger)
    assert current.sends_at_once(MONDAY_0930_IST)
    assert not current.sends_at_once(MONDAY_2000_IST)
    assert not current.sends_at_once(SATURDAY_1000_IST)


def test_the_reader_parses_once_per_version(store: StoreEnv, defaults: dict[str, str]) -> None:
    reader = SettingsReader(defaults)
    with store.ledger() as ledger:
        first = reader.current(ledger)
        assert first.version == 0 and reader.current(ledger) is first
        save_section(ledger, defaults, NOTICE, notice_body("v3", "Our new notice."), "user:a1")
        second = reader.current(ledger)
    assert second.version == 1 and second.notice.text == "Our new notice."
    assert second.notice.prompt.version == 3
