"""Marketing follow-ups a rep sends in a conversation: only to a contact who allows marketing,
checked again just before sending; on e-mail with a one-click unsubscribe link. Guarded by
ASPINIX_ADMIN_TOKEN until the console brings users and roles."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from agent.errors import FollowUpRefused
from agent.follow_ups import queue_follow_up
from api.channel_checks import channel_check
from api.deps import ADMIN_REFUSALS, AdminDep, ServicesDep
from api.routes.drafts import DeliveryOut
from api.services import Services
from store.errors import InvalidInput, NotFound
from store.models import Message

router = APIRouter(prefix="/api/conversations", tags=["follow-ups"], responses=ADMIN_REFUSALS)


class FollowUp(BaseModel):
    """The follow-up's text, as the rep wrote it."""

    text: str = Field(min_length=1, max_length=65_536)


@router.post(
    "/{conversation_id}/follow-ups",
    response_model=DeliveryOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={400: {"description": "the body could not be read"}, 404: {}, 422: {}},
)
async def send_follow_up(
    conversation_id: str, follow_up: FollowUp, services: ServicesDep, actor: AdminDep
) -> DeliveryOut:
    """Queue a follow-up; 422 with a code when consent or the channel does not allow it."""
    message = await run_in_threadpool(_queue, services, conversation_id, follow_up.text, actor)
    services.queue.send(services.settings.workspace, message.id)
    return DeliveryOut(id=message.id, delivery=message.delivery or "")


def _queue(services: Services, conversation_id: str, text: str, actor: str) -> Message:
    with services.ledgers.open(services.settings.workspace, actor) as ledger:
        try:
            return queue_follow_up(ledger, conversation_id, text, actor, channel_check)
        except (NotFound, InvalidInput) as exc:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"no conversation {conversation_id}"
            ) from exc
        except FollowUpRefused as exc:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_ENTITY, {"code": exc.code, "detail": str(exc)}
            ) from exc
