"""The inbox: the workspace's conversations across channels, newest activity first, filtered
by what needs a rep (drafts to review, hot leads, hand-offs) and by channel, updating live.

The rows are a partial htmx polls every few seconds with the marker of what it shows; the
server compares markers before decrypting anything and answers 204 (no swap, no audit entry)
when nothing changed, so only a view that shows new personal data is audited. The unchanged
check reads without the ledger's write lock: polling never holds up the webhooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from api.channel_checks import CHANNEL_CHECKS
from api.console.deps import Reader
from api.console.errors import PageNotFound
from api.console.pages import render
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.conversation_overview import (
    InboxView,
    OverviewFilter,
    OverviewRow,
    conversation_overview,
    overview_marker,
)
from store.ledger import Ledger
from store.workspaces import get_workspace

router = APIRouter()

POLL_SECONDS = 5
_VIEW_LABELS = {
    InboxView.ALL: "All",
    InboxView.REVIEW: "Awaiting review",
    InboxView.HOT: "Hot leads",
    InboxView.HANDED_OFF: "Handed off",
    InboxView.TAKEN_OVER: "Taken over",
}
_CHANNEL_LABELS = {"whatsapp": "WhatsApp", "gmail": "Gmail"}


@dataclass(frozen=True)
class InboxRow:
    """One conversation as the inbox shows it, the contact's name decrypted."""

    conversation_id: str
    name: str | None
    channel: str
    status: str
    handoff_reason: str | None
    last_message_at: datetime | None
    drafts: int
    score: int | None
    priority: str | None


@dataclass(frozen=True)
class FilterLink:
    """A filter as a link: its label, where it leads, and whether it is the one in force."""

    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class InboxRows:
    """The rows to show and the marker the next poll sends back."""

    rows: list[InboxRow]
    marker: str


View = Annotated[str, Query(max_length=32)]
Channel = Annotated[str | None, Query(max_length=32)]


@router.get("/inbox")
async def inbox(
    request: Request,
    services: ServicesDep,
    viewer: Reader,
    view: View = InboxView.ALL.value,
    channel: Channel = None,
) -> HTMLResponse:
    """The inbox page: filter links, and the rows (which then poll for changes)."""
    wanted = _filter(view, channel)
    found = await run_in_threadpool(_rows, services, viewer, wanted, None)
    assert found is not None  # without a marker to compare, there is always a page
    return render(
        request,
        "inbox.html",
        viewer,
        found=found,
        views=_view_links(wanted),
        channels=_channel_links(wanted),
        query=_query(wanted),
        poll_seconds=POLL_SECONDS,
    )


@router.get("/inbox/rows")
async def inbox_rows(
    request: Request,
    services: ServicesDep,
    viewer: Reader,
    view: View = InboxView.ALL.value,
    channel: Channel = None,
    known: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The rows again, or 204 when they are what the page (``known``) already shows."""
    wanted = _filter(view, channel)
    found = await run_in_threadpool(_rows, services, viewer, wanted, known)
    if found is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return render(
        request,
        "partials/inbox_rows.html",
        viewer,
        found=found,
        query=_query(wanted),
        poll_seconds=POLL_SECONDS,
    )


def _filter(view: str, channel: str | None) -> OverviewFilter:
    """The filter the query names; an unknown view or channel is a page that does not exist."""
    try:
        chosen = InboxView(view)
    except ValueError as exc:
        raise PageNotFound(f"no inbox view {view!r}: use one of {_known(InboxView)}") from exc
    if channel is not None and channel not in CHANNEL_CHECKS:
        raise PageNotFound(f"no channel {channel!r}: use one of {_known(CHANNEL_CHECKS)}")
    return OverviewFilter(chosen, channel)


def _known(names: Iterable[str]) -> str:
    return ", ".join(names)


def _rows(
    services: Services, viewer: Viewer, wanted: OverviewFilter, known: str | None
) -> InboxRows | None:
    """The rows (decrypted, audited), or None when ``known`` is still their marker."""
    if known is not None:
        with services.store.database.session() as session:
            workspace_id = get_workspace(session, viewer.workspace).id
            if overview_marker(conversation_overview(session, workspace_id, wanted)) == known:
                return None
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        found = conversation_overview(ledger.scope.session, ledger.scope.workspace_id, wanted)
        rows = [_decrypted(ledger, row) for row in found]
        ledger.audit.append("console.inbox_viewed", viewer.actor, "inbox", {"count": len(rows)})
        return InboxRows(rows, overview_marker(found))


def _decrypted(ledger: Ledger, row: OverviewRow) -> InboxRow:
    return InboxRow(
        conversation_id=row.conversation_id,
        name=ledger.contacts.name(ledger.contacts.get(row.contact_id)),
        channel=row.channel,
        status=row.status,
        handoff_reason=row.handoff_reason,
        last_message_at=row.last_message_at,
        drafts=row.drafts,
        score=row.score,
        priority=row.priority,
    )


def _query(wanted: OverviewFilter, **change: str | None) -> str:
    """The query string of ``wanted`` with ``change`` applied (None drops a parameter)."""
    params: dict[str, str | None] = {"view": wanted.view.value, "channel": wanted.channel}
    params.update(change)
    return urlencode({key: value for key, value in params.items() if value is not None})


def _view_links(wanted: OverviewFilter) -> list[FilterLink]:
    return [
        FilterLink(label, f"/console/inbox?{_query(wanted, view=view.value)}", view is wanted.view)
        for view, label in _VIEW_LABELS.items()
    ]


def _channel_links(wanted: OverviewFilter) -> list[FilterLink]:
    everywhere = FilterLink(
        "All channels", f"/console/inbox?{_query(wanted, channel=None)}", wanted.channel is None
    )
    return [everywhere] + [
        FilterLink(
            _CHANNEL_LABELS.get(name, name),
            f"/console/inbox?{_query(wanted, channel=name)}",
            name == wanted.channel,
        )
        for name in CHANNEL_CHECKS
    ]
