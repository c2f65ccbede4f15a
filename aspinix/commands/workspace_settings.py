"""The workspace settings a worker answers with: the deployment's environment and files as
each section's default, and the reader that follows what admins save in the console."""

from __future__ import annotations

from agent.errors import AgentError
from agent.facts import RubricError
from agent.facts.rubric import read_rubric_text
from agent.fixed_replies import privacy_notice
from agent.workspace_settings import (
    NOTICE,
    REPLY_MODE,
    RUBRIC,
    WORKING_HOURS,
    SettingsInvalid,
    SettingsReader,
    build,
    notice_body,
)
from aspinix.settings import Settings
from aspinix.startup import StartupError
from guardrails.consent import DEFAULT_CATALOGUE_FILE
from guardrails.errors import CatalogueError
from guardrails.yaml_config import read_config_text
from store.settings_versions import PURPOSES


def settings_defaults(settings: Settings) -> dict[str, str]:
    """Every workspace setting as the environment and files give it: what a workspace uses
    until its admin saves its own in the console (no working hours: always open)."""
    try:
        purposes, _ = read_config_text(
            settings.purposes_file, DEFAULT_CATALOGUE_FILE, CatalogueError
        )
        rubric, _ = read_rubric_text(settings.rubric_file)
        notice = privacy_notice(settings.privacy_notice_version, settings.privacy_notice_file)
    except (CatalogueError, RubricError, AgentError) as exc:
        raise StartupError(str(exc)) from exc
    return {
        PURPOSES: purposes,
        NOTICE: notice_body(settings.privacy_notice_version, notice.text),
        REPLY_MODE: settings.reply_mode,
        WORKING_HOURS: "",
        RUBRIC: rubric,
    }


def settings_reader(settings: Settings) -> SettingsReader:
    """The per-workspace settings reader a worker answers with; the defaults are checked now,
    so a bad file stops the start, not a message."""
    defaults = settings_defaults(settings)
    try:
        build(0, defaults)
    except SettingsInvalid as exc:
        raise StartupError(f"the default workspace settings are invalid: {exc}") from exc
    return SettingsReader(defaults)
