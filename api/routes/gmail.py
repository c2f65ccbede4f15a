"""The Gmail push endpoint: Pub/Sub delivers a notification (mailbox address and history id)
with an OIDC token Google signed for our push subscription.

The token is verified before the body is read any further (issuer, audience, the subscription's
service account, signature against Google's certificates); the push is acknowledged at once,
and a worker reads the new mail. The notification itself carries no mail, only the signal to
look: so a push for a mailbox we do not know is acknowledged and ignored (Pub/Sub would
otherwise redeliver it for a week).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool

from api.body import read_limited
from api.deps import ServicesDep
from api.security_events import record_security_event
from api.services import Services
from connectors.gmail.errors import (
    MalformedPush,
    PushForged,
    PushUnauthenticated,
    PushVerificationUnavailable,
)
from connectors.gmail.push import (
    MAX_PUSH_BODY_BYTES,
    PushNotification,
    parse_push,
    verify_push_token,
)
from guardrails.alerts import SecurityEventKind
from store.errors import InvalidInput

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks/gmail", tags=["gmail"])
_GMAIL = {"channel": "gmail"}  # the security events' detail: which webhook was attacked
_PUSH_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["message", "subscription"],
                "properties": {
                    "message": {
                        "type": "object",
                        "required": ["data", "messageId"],
                        "properties": {
                            "data": {"type": "string", "description": "base64 JSON"},
                            "messageId": {"type": "string"},
                            "publishTime": {"type": "string"},
                            "attributes": {"type": "object"},
                        },
                    },
                    "subscription": {"type": "string"},
                },
            }
        }
    },
}


@router.post(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={400: {}, 401: {}, 403: {}, 413: {}, 503: {}},
    openapi_extra={"requestBody": _PUSH_BODY},
)
async def receive_push(
    request: Request,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """A Pub/Sub push: verified, acknowledged, and the mailbox's sync queued."""
    settings = services.settings
    audience, account = settings.gmail_push_audience, settings.gmail_push_service_account
    if not audience or not account:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "set GMAIL_PUSH_AUDIENCE and GMAIL_PUSH_SERVICE_ACCOUNT",
        )
    try:
        await run_in_threadpool(
            verify_push_token,
            authorization,
            audience=audience,
            service_account=account,
            request=services.push_certs,
            certs_url=settings.gmail_push_certs_url,
        )
    except PushUnauthenticated as exc:
        await run_in_threadpool(
            record_security_event, services, SecurityEventKind.WEBHOOK_UNSIGNED, _GMAIL
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from exc
    except PushForged as exc:
        await run_in_threadpool(
            record_security_event, services, SecurityEventKind.WEBHOOK_FORGED, _GMAIL
        )
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from exc
    except PushVerificationUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    raw = await read_limited(request, min(services.settings.max_body_bytes, MAX_PUSH_BODY_BYTES))
    try:
        notification = parse_push(raw)
    except MalformedPush as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    await run_in_threadpool(_request_sync, services, notification)


def _request_sync(services: Services, notification: PushNotification) -> None:
    """Flag the mailbox for a sync and queue it; if the queue is down the flag stays, and the
    next push or poll picks it up."""
    workspace = services.settings.workspace
    with services.ledgers.open(workspace, "gmail") as ledger:
        try:
            mailbox = ledger.mailboxes.find(notification.email_address)
        except InvalidInput:
            mailbox = None
        if mailbox is None:
            logger.warning("gmail push for a mailbox that is not connected")
            return
        ledger.mailboxes.request_sync(mailbox.id)
        mailbox_id = mailbox.id
    try:
        services.queue.sync_mailbox(workspace, mailbox_id)
    except Exception as exc:  # the queue's storage raises its own driver's errors
        logger.warning("enqueue failed", extra={"error": type(exc).__name__})
