"""The admin's workspace settings page: purposes and lawful bases, the privacy notice, the reply
mode, working hours and the lead-score rubric, each a form of its own. A save is a new version
(audited, with an optional note) that workers follow from the next message on; a refused value
shows the page again with the reason beside the field and what was typed kept."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from agent.workspace_settings import (
    DAYS,
    NOTICE,
    NOTICE_TEXT_LIMIT,
    REPLY_MODE,
    RUBRIC,
    WORKING_HOURS,
    SettingsInvalid,
    build,
    current_bodies,
    hours_body,
    notice_body,
    save_section,
)
from api.console.deps import Admin
from api.console.pages import render
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from aspinix.commands.workspace_settings import settings_defaults
from store.settings_versions import PURPOSES

router = APIRouter()

SETTINGS = "/console/admin/settings"
_YAML_LIMIT = 65_536
_NOTE_LIMIT = 200
# What a redirect's ``done`` code says on the page: fixed sentences, nothing from the URL.
NOTICES = {
    PURPOSES: "Purposes saved: the next message is processed under them.",
    NOTICE: "Privacy notice saved: contacts see it with their next reply if its label changed.",
    REPLY_MODE: "Reply mode saved: it applies from the next message.",
    WORKING_HOURS: "Working hours saved: they apply from the next message.",
    RUBRIC: "Rubric saved: the next message's lead score uses it.",
}
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                            "Saturday", "Sunday"), strict=True))  # fmt: skip

Note = Annotated[str, Form(max_length=_NOTE_LIMIT)]
Yaml = Annotated[str, Form(max_length=_YAML_LIMIT)]
Short = Annotated[str, Form(max_length=64)]


@router.get("/admin/settings")
async def settings_page(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    done: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """Every section as it stands, and the history of changes."""
    return await _page(request, services, viewer, notice=NOTICES.get(done))


@router.post("/admin/settings/purposes")
async def save_purposes(
    request: Request, services: ServicesDep, viewer: Admin, purposes: Yaml, note: Note = ""
) -> Response:
    """A new purposes catalogue (YAML: each purpose's lawful basis, data, retention)."""
    return await _save(request, services, viewer, PURPOSES, purposes, note, {PURPOSES: purposes})


@router.post("/admin/settings/notice")
async def save_notice(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    notice_version: Short,
    notice_text: Annotated[str, Form(max_length=NOTICE_TEXT_LIMIT * 2)],
    note: Note = "",
) -> Response:
    """A new privacy notice text and label."""
    typed = {"notice_version": notice_version, "notice_text": notice_text}
    body = notice_body(notice_version, notice_text)
    return await _save(request, services, viewer, NOTICE, body, note, typed)


@router.post("/admin/settings/reply-mode")
async def save_reply_mode(
    request: Request, services: ServicesDep, viewer: Admin, reply_mode: Short, note: Note = ""
) -> Response:
    """Review (drafts for a rep) or auto (sent at once)."""
    typed = {REPLY_MODE: reply_mode}
    return await _save(request, services, viewer, REPLY_MODE, reply_mode, note, typed)


@router.post("/admin/settings/working-hours")
async def save_working_hours(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    timezone: Short = "",
    days: Annotated[list[str] | None, Form(max_length=7)] = None,
    start: Short = "",
    end: Short = "",
    note: Note = "",
) -> Response:
    """The team's working hours; every field left empty means always open."""
    chosen = days or []
    typed = {"timezone": timezone, "days": chosen, "start": start, "end": end}
    body = hours_body(timezone, chosen, start, end)
    return await _save(request, services, viewer, WORKING_HOURS, body, note, typed)


@router.post("/admin/settings/rubric")
async def save_rubric(
    request: Request, services: ServicesDep, viewer: Admin, rubric: Yaml, note: Note = ""
) -> Response:
    """A new lead-score rubric (YAML)."""
    return await _save(request, services, viewer, RUBRIC, rubric, note, {RUBRIC: rubric})


async def _save(
    request: Request,
    services: Services,
    viewer: Viewer,
    section: str,
    body: str,
    note: str,
    typed: dict[str, Any],
) -> Response:
    """Save one section in one unit of work (with its audit entry); on a refusal, the page
    again with the reason beside the field and ``typed`` in the form."""

    def save() -> None:
        defaults = settings_defaults(services.settings)
        with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
            save_section(ledger, defaults, section, body, viewer.actor, note.strip())

    try:
        await run_in_threadpool(save)
    except SettingsInvalid as exc:
        return await _page(
            request,
            services,
            viewer,
            status_code=status.HTTP_400_BAD_REQUEST,
            failed=section,
            errors={exc.field: exc.message},
            typed={**typed, "note": note},
        )
    return RedirectResponse(f"{SETTINGS}?done={section}", status_code=status.HTTP_303_SEE_OTHER)


async def _page(
    request: Request,
    services: Services,
    viewer: Viewer,
    status_code: int = status.HTTP_200_OK,
    **context: Any,
) -> HTMLResponse:
    return render(
        request,
        "admin_settings.html",
        viewer,
        status_code=status_code,
        **await run_in_threadpool(_current, services, viewer),
        day_names=DAY_NAMES,
        **context,
    )


def _current(services: Services, viewer: Viewer) -> dict[str, Any]:
    """What the page shows: each section's text and parsed value, the purposes in force and
    the newest versions."""
    defaults = settings_defaults(services.settings)
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        bodies = current_bodies(ledger, defaults)
        saved = ledger.settings.current()
        return {
            "bodies": bodies,
            "current": build(ledger.settings.head(), bodies),
            "purposes": sorted(ledger.catalogue.purposes.items()),
            "saved": {section: row.version for section, row in saved.items()},
            "history": ledger.settings.history(),
        }
