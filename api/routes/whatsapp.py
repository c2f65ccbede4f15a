"""The WhatsApp webhook: Meta's subscription handshake, and signed deliveries.

A delivery is verified before it is parsed, stored (encrypted) before it is acknowledged, and
answered later by a worker: the response only waits for the database write.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from sqlalchemy.exc import IntegrityError

from api.body import read_limited
from api.deps import ServicesDep
from api.security_events import record_security_event
from api.services import Services
from connectors.whatsapp.errors import (
    MalformedPayload,
    SignatureInvalid,
    SignatureMissing,
    VerificationFailed,
)
from connectors.whatsapp.ingest import IngestResult, ingest
from connectors.whatsapp.payload import WebhookBatch, parse_webhook
from connectors.whatsapp.payload_schema import WEBHOOK_BODY
from connectors.whatsapp.signature import verify_signature
from connectors.whatsapp.verification import verify_subscription
from guardrails.alerts import SecurityEventKind

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks/whatsapp", tags=["whatsapp"])
# Two deliveries racing to create the same new contact: the loser's insert fails; the second
# try finds the contact the winner stored.
_INGEST_ATTEMPTS = 3
# The route reads the raw body itself (the signature covers the exact bytes), so FastAPI cannot
# infer it: the OpenAPI document describes it for clients and for the fuzz tests.
_DELIVERY_BODY = {
    "required": True,
    "content": {"application/json": {"schema": WEBHOOK_BODY}},
}


@router.get("", response_class=PlainTextResponse, responses={403: {}, 503: {}})
def verify(
    services: ServicesDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> str:
    """Meta's verification handshake: echo ``hub.challenge`` when the token matches."""
    expected = services.settings.whatsapp_verify_token
    if expected is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "set WHATSAPP_VERIFY_TOKEN")
    try:
        return verify_subscription(mode, token, challenge, expected.get_secret_value())
    except VerificationFailed as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from exc


@router.post(
    "",
    responses={400: {}, 401: {}, 403: {}, 413: {}, 503: {}},
    openapi_extra={"requestBody": _DELIVERY_BODY},
)
async def receive(
    request: Request,
    services: ServicesDep,
    signature: Annotated[str | None, Header(alias="X-Hub-Signature-256")] = None,
) -> dict[str, int]:
    """A signed delivery from Meta: stored, acknowledged, answered by a worker."""
    secret = services.settings.whatsapp_app_secret
    if secret is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "set WHATSAPP_APP_SECRET")
    raw = await read_limited(request, services.settings.max_body_bytes)
    try:
        verify_signature(secret.get_secret_value(), raw, signature)
    except SignatureMissing as exc:
        await run_in_threadpool(record_security_event, services, SecurityEventKind.WEBHOOK_UNSIGNED)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from exc
    except SignatureInvalid as exc:
        await run_in_threadpool(record_security_event, services, SecurityEventKind.WEBHOOK_FORGED)
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from exc
    try:
        batch = parse_webhook(raw)
    except MalformedPayload as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    result = await run_in_threadpool(_store_and_enqueue, services, batch)
    return {
        "stored": len(result.new_message_ids),
        "duplicates": result.duplicates,
        "receipts": result.receipts,
    }


def _store_and_enqueue(services: Services, batch: WebhookBatch) -> IngestResult:
    """Store, then queue the answers (both block: off the event loop)."""
    result = _store(services, batch)
    for message_id in result.new_message_ids:
        _enqueue(services, message_id)
    return result


def _store(services: Services, batch: WebhookBatch) -> IngestResult:
    ours = services.settings.whatsapp_phone_number_id
    if ours:
        batch = WebhookBatch(
            messages=tuple(m for m in batch.messages if m.phone_number_id == ours),
            statuses=batch.statuses,
        )
    attempt = 1
    while True:
        try:
            with services.ledgers.open(services.settings.workspace, "whatsapp") as ledger:
                return ingest(ledger, batch)
        except IntegrityError:
            if attempt == _INGEST_ATTEMPTS:
                raise
            attempt += 1


def _enqueue(services: Services, message_id: str) -> None:
    """Queue the answer; if the queue is down the message is stored all the same, and the
    recovery sweep queues it when the queue is back."""
    try:
        services.queue.answer(services.settings.workspace, message_id)
    except Exception as exc:  # the queue's storage raises its own driver's errors
        logger.warning(
            "enqueue failed; the sweep will pick it up", extra={"error": type(exc).__name__}
        )
