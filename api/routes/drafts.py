"""Drafts awaiting review (``ASPINIX_REPLY_MODE=review``): list, approve (maybe edited),
reject. Guarded by ASPINIX_ADMIN_TOKEN until the console brings users and roles."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from agent.errors import DraftNotPending, DraftRefused
from agent.review import approve_draft, reject_draft
from api.channel_checks import channel_check
from api.deps import ADMIN_REFUSALS, AdminDep, ServicesDep
from api.services import Services
from api.timestamps import UtcDateTime
from store.errors import InvalidInput, NotFound
from store.ledger import Ledger
from store.models import Message

router = APIRouter(prefix="/api/drafts", tags=["drafts"], responses=ADMIN_REFUSALS)


class DraftOut(BaseModel):
    """A draft as a rep reviews it (the text decrypted)."""

    id: str
    conversation_id: str
    channel: str
    author: str
    text: str
    problem: str | None = Field(description="why an earlier approval was refused, if it was")
    created_at: UtcDateTime


class Approval(BaseModel):
    """An approval, with the rep's edited text when they changed the draft."""

    text: str | None = Field(default=None, max_length=65_536)


class DeliveryOut(BaseModel):
    """Where the message is now."""

    id: str
    delivery: str


@router.get("", response_model=list[DraftOut])
async def list_drafts(services: ServicesDep, actor: AdminDep) -> list[DraftOut]:
    """Every reply waiting for a rep, oldest first."""
    return await run_in_threadpool(_list, services, actor)


@router.post(
    "/{draft_id}/approve",
    response_model=DeliveryOut,
    responses={400: {"description": "the body could not be read"}, 404: {}, 409: {}, 422: {}},
)
async def approve(
    draft_id: str, services: ServicesDep, actor: AdminDep, approval: Approval | None = None
) -> DeliveryOut:
    """Send the draft (as written, or with ``text``) after the same checks as any reply."""
    edited = approval.text if approval is not None else None
    message = await run_in_threadpool(_act, services, draft_id, actor, edited, True)
    services.queue.send(services.settings.workspace, message.id)
    return DeliveryOut(id=message.id, delivery=message.delivery or "")


@router.post("/{draft_id}/reject", response_model=DeliveryOut, responses={404: {}, 409: {}})
async def reject(draft_id: str, services: ServicesDep, actor: AdminDep) -> DeliveryOut:
    """Discard the draft; it stays stored, marked rejected."""
    message = await run_in_threadpool(_act, services, draft_id, actor, None, False)
    return DeliveryOut(id=message.id, delivery=message.delivery or "")


def _list(services: Services, actor: str) -> list[DraftOut]:
    with services.ledgers.open(services.settings.workspace, actor) as ledger:
        drafts = [_out(ledger, message) for message in ledger.outbox.drafts()]
        ledger.audit.append("drafts.viewed", actor, "drafts", {"count": len(drafts)})
        return drafts


def _out(ledger: Ledger, message: Message) -> DraftOut:
    conversation = ledger.conversations.get(message.conversation_id)
    return DraftOut(
        id=message.id,
        conversation_id=message.conversation_id,
        channel=conversation.channel,
        author=message.author,
        text=ledger.conversations.body(message),
        problem=message.delivery_error,
        created_at=message.created_at,
    )


def _act(
    services: Services, draft_id: str, actor: str, edited: str | None, approving: bool
) -> Message:
    refusal: DraftRefused | None = None
    with services.ledgers.open(services.settings.workspace, actor) as ledger:
        try:
            if approving:
                return approve_draft(ledger, draft_id, actor, channel_check, edited)
            return reject_draft(ledger, draft_id, actor)
        except (NotFound, InvalidInput) as exc:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no draft {draft_id}") from exc
        except DraftNotPending as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
        except DraftRefused as exc:
            refusal = exc  # the reason is stored on the draft: this unit of work commits
    assert refusal is not None
    raise HTTPException(
        status.HTTP_422_UNPROCESSABLE_ENTITY, {"code": refusal.code, "detail": str(refusal)}
    )
