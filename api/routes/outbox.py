"""Where replies stand: outbound messages by delivery state, so a send that failed for good (or
may not have gone) is shown to a person rather than dropped. Guarded by ASPINIX_ADMIN_TOKEN."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.deps import ADMIN_REFUSALS, AdminDep, ServicesDep
from api.services import Services
from api.timestamps import UtcDateTime
from store.outbox import Delivery

router = APIRouter(prefix="/api/outbox", tags=["outbox"], responses=ADMIN_REFUSALS)


class OutboundOut(BaseModel):
    """An outbound message's delivery, without its text."""

    id: str
    conversation_id: str
    delivery: str
    problem: str | None
    updated_at: UtcDateTime | None


@router.get("", response_model=list[OutboundOut])
async def list_outbound(
    services: ServicesDep, actor: AdminDep, delivery: Delivery = Delivery.FAILED
) -> list[OutboundOut]:
    """Outbound messages in one delivery state (default ``failed``), newest first."""
    return await run_in_threadpool(_list, services, actor, delivery)


def _list(services: Services, actor: str, delivery: Delivery) -> list[OutboundOut]:
    with services.ledgers.open(services.settings.workspace, actor) as ledger:
        return [
            OutboundOut(
                id=message.id,
                conversation_id=message.conversation_id,
                delivery=message.delivery or "",
                problem=message.delivery_error,
                updated_at=message.delivery_at,
            )
            for message in ledger.outbox.in_state(delivery)
        ]
