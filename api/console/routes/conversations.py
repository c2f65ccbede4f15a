"""A conversation: its messages (and, on request, what the model was sent of each), the lead
card, its drafts (approve as written or edited, reject), taking it over from the AI, writing
replies, and giving it back.

Every action works as a plain form post (303 back to the page, or the page again with the
reason when refused) and under htmx, which gets the conversation fragment back with a 200
either way: htmx swaps only successful answers, and a refusal has to be read to be acted on.
Each answer that shows the conversation again is a view of personal data, audited as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from agent.errors import DraftNotPending, NotTakenOver, ReplyRefused
from agent.review import approve_draft, give_back, reject_draft, take_over, write_reply
from api.channel_checks import channel_check
from api.console.conversation_view import ConversationView, view_conversation
from api.console.deps import Reader, Replier
from api.console.errors import PageNotFound
from api.console.pages import render
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from store.errors import InvalidInput, NotFound
from store.ledger import Ledger
from store.models import Message

router = APIRouter()

MAX_TEXT_CHARS = 65_536
_ID = re.compile(r"[0-9a-f]{32}")
NOTICES = {
    "approved": "Approved: the reply is queued to send.",
    "rejected": "Draft rejected: it will not be sent.",
    "taken_over": "You have taken this conversation over: the AI will not reply until you "
    "give it back.",
    "given_back": "Given back: the AI answers this conversation again.",
    "replied": "Your reply is queued to send.",
}
Text = Annotated[str, Form()]


@dataclass(frozen=True)
class Outcome:
    """What an action did: the conversation to show, a message to queue for sending, and the
    notice (a key of NOTICES) or the refusal to show with it."""

    conversation_id: str
    notice: str | None = None
    send: str | None = None
    error: str | None = None
    status_code: int = status.HTTP_200_OK


def _page(conversation_id: str) -> str:
    return f"/console/conversations/{conversation_id}"


@router.get("/conversations/{conversation_id}")
async def conversation(
    request: Request,
    conversation_id: str,
    services: ServicesDep,
    viewer: Reader,
    egress: bool = False,
    notice: str | None = None,
) -> Response:
    """The conversation, its drafts and lead card; ``egress`` adds what the model was sent."""
    view = await run_in_threadpool(_view, services, viewer, conversation_id, egress)
    return render(
        request,
        "conversation.html",
        viewer,
        view=view,
        egress=egress,
        notice=NOTICES.get(notice or ""),
    )


@router.post("/drafts/{draft_id}/approve")
async def approve(
    request: Request, draft_id: str, services: ServicesDep, viewer: Replier, text: Text
) -> Response:
    """Send the draft, with the rep's edits if they made any, after the checks every reply
    passes; a refusal keeps the draft, with its reason shown."""
    outcome = await run_in_threadpool(_on_draft, services, viewer, draft_id, _approving(text))
    return await _answer(request, services, viewer, outcome)


@router.post("/drafts/{draft_id}/reject")
async def reject(
    request: Request, draft_id: str, services: ServicesDep, viewer: Replier
) -> Response:
    """Discard the draft; it stays stored, marked rejected."""
    outcome = await run_in_threadpool(_on_draft, services, viewer, draft_id, _rejecting)
    return await _answer(request, services, viewer, outcome)


@router.post("/conversations/{conversation_id}/take-over")
async def take_it_over(
    request: Request, conversation_id: str, services: ServicesDep, viewer: Replier
) -> Response:
    """The rep answers from now on; the AI pauses."""
    outcome = await run_in_threadpool(
        _on_conversation, services, viewer, conversation_id, _taking_over
    )
    return await _answer(request, services, viewer, outcome)


@router.post("/conversations/{conversation_id}/give-back")
async def give_it_back(
    request: Request, conversation_id: str, services: ServicesDep, viewer: Replier
) -> Response:
    """The AI answers the conversation again."""
    outcome = await run_in_threadpool(
        _on_conversation, services, viewer, conversation_id, _giving_back
    )
    return await _answer(request, services, viewer, outcome)


@router.post("/conversations/{conversation_id}/reply")
async def reply(
    request: Request, conversation_id: str, services: ServicesDep, viewer: Replier, text: Text
) -> Response:
    """Queue the rep's own reply in a conversation they took over, after the same checks as
    an approved draft."""
    outcome = await run_in_threadpool(
        _on_conversation, services, viewer, conversation_id, _replying(text)
    )
    return await _answer(request, services, viewer, outcome)


# -- the work, in one unit of work each -----------------------------------------------------


def _view(
    services: Services, viewer: Viewer, conversation_id: str, egress: bool
) -> ConversationView:
    _require_id(conversation_id, "conversation")
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        try:
            return view_conversation(ledger, conversation_id, viewer.actor, egress=egress)
        except NotFound as exc:
            raise PageNotFound("there is no such conversation in your workspace") from exc


DraftAction = Callable[[Ledger, Message, Viewer], Outcome]
ConversationAction = Callable[[Ledger, str, Viewer], Outcome]


def _on_draft(services: Services, viewer: Viewer, draft_id: str, act: DraftAction) -> Outcome:
    """Run ``act`` on the draft; refusals (kept on the draft) commit like successes."""
    _require_id(draft_id, "draft")
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        try:
            draft = ledger.outbox.get(draft_id)
        except (NotFound, InvalidInput) as exc:
            raise PageNotFound("there is no such draft in your workspace") from exc
        try:
            return act(ledger, draft, viewer)
        except DraftNotPending:
            return Outcome(
                draft.conversation_id,
                error="This draft was already handled (sent, queued or rejected): nothing "
                "was changed.",
                status_code=status.HTTP_409_CONFLICT,
            )
        except ReplyRefused as exc:
            return _refused(draft.conversation_id, exc)


def _on_conversation(
    services: Services, viewer: Viewer, conversation_id: str, act: ConversationAction
) -> Outcome:
    _require_id(conversation_id, "conversation")
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        try:
            return act(ledger, conversation_id, viewer)
        except NotFound as exc:
            raise PageNotFound("there is no such conversation in your workspace") from exc
        except NotTakenOver:
            return Outcome(
                conversation_id,
                error="Take the conversation over before writing a reply: the AI is answering it.",
                status_code=status.HTTP_409_CONFLICT,
            )
        except ReplyRefused as exc:
            return _refused(conversation_id, exc)


def _refused(conversation_id: str, refusal: ReplyRefused) -> Outcome:
    return Outcome(
        conversation_id,
        error=f"Not sent: {refusal}.",
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def _too_long(conversation_id: str) -> Outcome:
    return Outcome(
        conversation_id,
        error=f"The text is longer than {MAX_TEXT_CHARS:,} characters: shorten it and try "
        "again. Nothing was sent.",
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def _approving(text: str) -> DraftAction:
    typed = _as_typed(text)

    def act(ledger: Ledger, draft: Message, viewer: Viewer) -> Outcome:
        if len(typed) > MAX_TEXT_CHARS:
            return _too_long(draft.conversation_id)
        edited = typed if typed != ledger.conversations.body(draft) else None
        message = approve_draft(ledger, draft.id, viewer.actor, channel_check, edited)
        return Outcome(message.conversation_id, notice="approved", send=message.id)

    return act


def _rejecting(ledger: Ledger, draft: Message, viewer: Viewer) -> Outcome:
    reject_draft(ledger, draft.id, viewer.actor)
    return Outcome(draft.conversation_id, notice="rejected")


def _taking_over(ledger: Ledger, conversation_id: str, viewer: Viewer) -> Outcome:
    take_over(ledger, conversation_id, viewer.actor)
    return Outcome(conversation_id, notice="taken_over")


def _giving_back(ledger: Ledger, conversation_id: str, viewer: Viewer) -> Outcome:
    give_back(ledger, conversation_id, viewer.actor)
    return Outcome(conversation_id, notice="given_back")


def _replying(text: str) -> ConversationAction:
    typed = _as_typed(text)

    def act(ledger: Ledger, conversation_id: str, viewer: Viewer) -> Outcome:
        if len(typed) > MAX_TEXT_CHARS:
            return _too_long(conversation_id)
        message = write_reply(ledger, conversation_id, typed, viewer.actor, channel_check)
        return Outcome(conversation_id, notice="replied", send=message.id)

    return act


def _as_typed(text: str) -> str:
    """The text as the rep typed it: browsers send a textarea's line breaks as CRLF, which
    would otherwise make every multi-line draft look edited."""
    return text.replace("\r\n", "\n")


def _require_id(value: str, noun: str) -> None:
    """Ids are 32 hex digits; anything else is a page that does not exist (and never reaches
    the store)."""
    if not _ID.fullmatch(value):
        raise PageNotFound(f"there is no such {noun} in your workspace")


# -- the answer -------------------------------------------------------------------------------


async def _answer(
    request: Request, services: Services, viewer: Viewer, outcome: Outcome
) -> Response:
    """Queue what the action queued, then: the fragment for htmx; for a plain form, the page
    with the refusal, or a redirect back to it with the notice."""
    if outcome.send is not None:
        services.queue.send(viewer.workspace, outcome.send)
    htmx = request.headers.get("hx-request") == "true"
    if outcome.error is None and not htmx:
        return RedirectResponse(
            f"{_page(outcome.conversation_id)}?notice={outcome.notice}",
            status_code=status.HTTP_303_SEE_OTHER,
        )
    view = await run_in_threadpool(_view, services, viewer, outcome.conversation_id, False)
    return render(
        request,
        "partials/conversation.html" if htmx else "conversation.html",
        viewer,
        status_code=status.HTTP_200_OK if htmx else outcome.status_code,
        view=view,
        egress=False,
        notice=NOTICES.get(outcome.notice or ""),
        error=outcome.error,
    )
