"""What an admin sets per workspace in the console, and how a worker reads it per message.

Five sections, each saved on its own as a new version (``store.settings_versions``), each
falling back to the deployment's environment and files until a workspace saves its own:

- ``purposes``: the purposes catalogue with each purpose's lawful basis (YAML, validated by
  :func:`guardrails.consent.parse_catalogue`); the ledger opens every unit of work with it.
- ``notice``: the privacy notice's text and its version label (``v3``). A contact is shown the
  notice again with their next reply once the label changes, so a changed text needs a higher
  label; the label never goes down.
- ``reply_mode``: ``review`` keeps every AI reply as a draft for a rep; ``auto`` sends it.
- ``working_hours``: a time zone, week days and a from/to time (from before to; none means
  always). The rule: in auto mode a reply written outside working hours is held as a draft
  for a rep instead of being sent, so nothing goes out unattended while nobody could take the
  conversation over; review mode holds every reply anyway. Fixed STOP/START confirmations go
  at once whatever the hours.
- ``rubric``: the lead-score rubric (YAML, validated by :func:`agent.facts.rubric.parse_rubric`).

A section is stored as text (its "body"): the YAML as typed, JSON for the notice and the
hours, the mode's name. Parsing a body is its validation: :class:`SettingsInvalid` names the
form field at fault. :class:`SettingsReader` parses a workspace's bodies once per settings
version, so the next message after a save follows it without a restart.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.errors import AgentError
from agent.facts.errors import RubricError
from agent.facts.rubric import Rubric, parse_rubric
from guardrails.consent import parse_catalogue
from guardrails.errors import CatalogueError
from prompts import Prompt
from store.ledger import Ledger
from store.settings_versions import PURPOSES

NOTICE = "notice"
REPLY_MODE = "reply_mode"
WORKING_HOURS = "working_hours"
RUBRIC = "rubric"
SECTIONS = (PURPOSES, NOTICE, REPLY_MODE, WORKING_HOURS, RUBRIC)

ReplyMode = Literal["review", "auto"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = get_args(Day)
_NOTICE_LABEL = r"^v\d+$"
NOTICE_TEXT_LIMIT = 4000


class SettingsInvalid(AgentError, ValueError):
    """A section an admin submitted breaks its rules; ``field`` is the form field to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Notice(BaseModel):
    """The privacy notice contacts are shown, and the label that says which one they saw."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(pattern=_NOTICE_LABEL)
    text: str = Field(min_length=1, max_length=NOTICE_TEXT_LIMIT)

    @field_validator("text", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @property
    def number(self) -> int:
        """The label's number (``v3`` → 3): labels only go up."""
        return int(self.version.removeprefix("v"))

    @property
    def prompt(self) -> Prompt:
        """The notice as the pipeline appends it to a reply."""
        return Prompt("privacy_notice", self.number, self.text)


class WorkingHours(BaseModel):
    """When the team is at work: ``start`` to ``end`` (end excluded) on ``days``, in
    ``timezone``. Hours across midnight are not supported: from must come before to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str
    days: tuple[Day, ...] = Field(min_length=1)
    start: time
    end: time

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}: use a name such as Asia/Kolkata or Europe/London"
            ) from None
        return value

    @field_validator("days")
    @classmethod
    def _week_order(cls, value: tuple[Day, ...]) -> tuple[Day, ...]:
        return tuple(day for day in DAYS if day in value)

    @model_validator(mode="after")
    def _start_before_end(self) -> WorkingHours:
        if self.start >= self.end:
            raise SettingsInvalid("end", "must be later than the start time")
        return self

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` (timezone-aware) falls within the working hours."""
        local = moment.astimezone(ZoneInfo(self.timezone))
        return DAYS[local.weekday()] in self.days and self.start <= local.time() < self.end


@dataclass(frozen=True)
class WorkspaceSettings:
    """One workspace's settings in force (``version`` 0: the deployment's defaults only)."""

    version: int
    notice: Notice
    reply_mode: ReplyMode
    working_hours: WorkingHours | None
    rubric: Rubric

    def sends_at_once(self, moment: datetime) -> bool:
        """Whether an AI reply written at ``moment`` goes out without a rep: auto mode, within
        working hours (or with none set)."""
        if self.reply_mode != "auto":
            return False
        return self.working_hours is None or self.working_hours.is_open(moment)


# -- bodies: how each section is stored ------------------------------------------------------


def notice_body(version: str, text: str) -> str:
    """The stored form of a notice."""
    return json.dumps({"version": version.strip(), "text": text.strip()})


def hours_body(timezone: str, days: list[str], start: str, end: str) -> str:
    """The stored form of working hours; all fields empty means none (always open)."""
    if not (timezone.strip() or days or start or end):
        return ""
    return json.dumps({"timezone": timezone.strip(), "days": days, "start": start, "end": end})


def parse_notice(body: str) -> Notice:
    """A stored notice; SettingsInvalid names ``notice_version`` or ``notice_text``."""
    try:
        return Notice.model_validate_json(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = f"notice_{error['loc'][0]}" if error["loc"] else "notice_text"
        if field == "notice_version":
            raise SettingsInvalid(field, "write v followed by a number, such as v3") from None
        raise SettingsInvalid(field, error["msg"]) from None


def parse_reply_mode(body: str) -> ReplyMode:
    """``review`` or ``auto``; SettingsInvalid otherwise."""
    for mode in get_args(ReplyMode):
        if body == mode:
            return mode  # type: ignore[no-any-return]
    raise SettingsInvalid("reply_mode", "choose review or auto")


def parse_hours(body: str) -> WorkingHours | None:
    """Stored working hours (None: always open); SettingsInvalid names the field."""
    if not body:
        return None
    try:
        return WorkingHours.model_validate_json(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, SettingsInvalid):
            raise cause from None
        field = str(error["loc"][0]) if error["loc"] else "timezone"
        message = error["msg"].removeprefix("Value error, ")
        if field == "days":
            message = "tick at least one day" if error["type"] == "too_short" else message
        elif field in ("start", "end"):
            message = "give a time such as 09:00"
        raise SettingsInvalid(field, message) from None


def parse_section_rubric(body: str) -> Rubric:
    """A stored rubric; SettingsInvalid on ``rubric`` naming the YAML path at fault."""
    try:
        return parse_rubric(body, "the rubric")
    except RubricError as exc:
        raise SettingsInvalid(RUBRIC, str(exc)) from None


def check_purposes(body: str) -> None:
    """SettingsInvalid on ``purposes`` naming the YAML path at fault, if the catalogue is bad."""
    try:
        parse_catalogue(body, "(as typed)")
    except CatalogueError as exc:
        raise SettingsInvalid(PURPOSES, str(exc)) from None


def build(version: int, bodies: Mapping[str, str]) -> WorkspaceSettings:
    """Parse a complete set of bodies (the purposes catalogue excepted: the ledger has it)."""
    return WorkspaceSettings(
        version=version,
        notice=parse_notice(bodies[NOTICE]),
        reply_mode=parse_reply_mode(bodies[REPLY_MODE]),
        working_hours=parse_hours(bodies[WORKING_HOURS]),
        rubric=parse_section_rubric(bodies[RUBRIC]),
    )


# -- reading and saving ----------------------------------------------------------------------


def current_bodies(ledger: Ledger, defaults: Mapping[str, str]) -> dict[str, str]:
    """Every section's body in force: the saved version, else the deployment's default."""
    saved = ledger.settings.current()
    return {section: saved[section].body if section in saved else defaults[section]
            for section in SECTIONS}  # fmt: skip


def save_section(
    ledger: Ledger,
    defaults: Mapping[str, str],
    section: str,
    body: str,
    author: str,
    note: str = "",
) -> int:
    """Validate ``body`` and save it as the next version of ``section`` (audited); returns the
    version number. SettingsInvalid names the field at fault and nothing is saved."""
    details: dict[str, str | int] = {}
    if section == PURPOSES:
        check_purposes(body)
    elif section == NOTICE:
        notice = parse_notice(body)
        _check_notice_change(parse_notice(current_bodies(ledger, defaults)[NOTICE]), notice)
        details["notice_version"] = notice.version
    elif section == REPLY_MODE:
        details["mode"] = parse_reply_mode(body)
    elif section == WORKING_HOURS:
        details["hours"] = "set" if parse_hours(body) is not None else "always"
    elif section == RUBRIC:
        parse_section_rubric(body)
    else:
        raise SettingsInvalid("section", f"no section {section!r}; sections: {', '.join(SECTIONS)}")
    return ledger.settings.save(section, body, author, note, details).version


def _check_notice_change(current: Notice, new: Notice) -> None:
    """A label never goes down, and a new text needs a new label (or contacts who saw the old
    text would never be shown the new one)."""
    if new.number < current.number:
        raise SettingsInvalid(
            "notice_version", f"labels only go up: the current notice is {current.version}"
        )
    if new.number == current.number and new.text != current.text:
        raise SettingsInvalid(
            "notice_version",
            f"the text changed, so give it a new label after {current.version} "
            f"(v{current.number + 1}): contacts are then shown it again",
        )


class SettingsReader:
    """The settings in force per workspace, parsed once per version and kept: each answer
    costs one small query for the workspace's newest version number."""

    def __init__(self, defaults: Mapping[str, str]) -> None:
        """``defaults``: every section's body from the deployment's environment and files."""
        self.defaults = dict(defaults)
        self._parsed: dict[str, WorkspaceSettings] = {}
        self._lock = threading.Lock()

    def current(self, ledger: Ledger) -> WorkspaceSettings:
        """The settings in force for the ledger's workspace, as of this unit of work."""
        workspace_id = ledger.scope.workspace_id
        head = ledger.settings.head()
        with self._lock:
            cached = self._parsed.get(workspace_id)
        if cached is not None and cached.version == head:
            return cached
        built = build(head, current_bodies(ledger, self.defaults))
        with self._lock:
            self._parsed[workspace_id] = built
        return built
