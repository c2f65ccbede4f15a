"""The FastAPI application: health, the WhatsApp and Gmail webhooks, drafts, follow-ups,
one-click unsubscribe, and the console (``/console``).

``create_app`` takes the services explicitly (tests build their own); ``app_from_env`` is the
factory uvicorn imports in each API process, building them from the environment.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.admin_guard import AdminGuard
from api.console.policy_trial import PolicyTrials
from api.console.router import install_console
from api.console.signin import SessionTimes, SignIn
from api.console.state import ConsoleState
from api.console.throttle import SignInThrottle
from api.routes import drafts, follow_ups, gmail, health, outbox, unsubscribe, whatsapp
from api.services import Services
from aspinix.alerting import LogAndWebhookAlerts
from aspinix.commands.store_context import open_store
from aspinix.logs import configure_logging
from aspinix.settings import Settings
from connectors.gmail.certs import CachingCertsRequest
from connectors.gmail.transport import TimeoutRequest
from jobs.backend import build_huey
from jobs.queue import JobQueue
from store.ledger import Ledgers

TITLE = "Aspinix"


def create_app(services: Services) -> FastAPI:
    """The app over ``services``."""
    app = FastAPI(
        title=TITLE,
        summary="Privacy-first AI sales assistant: webhooks, drafts and health.",
        version="0.1.0",
    )
    app.state.services = services
    app.add_exception_handler(RequestValidationError, _validation_failed)
    app.include_router(health.router)
    app.include_router(whatsapp.router)
    app.include_router(drafts.router)
    app.include_router(outbox.router)
    app.include_router(gmail.router)
    app.include_router(follow_ups.router)
    app.include_router(unsubscribe.router)
    install_console(app)
    return app


async def _validation_failed(request: Request, exc: Exception) -> JSONResponse:
    """422 saying where and why a request is invalid, never echoing the input: FastAPI's own
    handler does, and an input may be personal data (an edited draft), or a string that is not
    valid Unicode (a lone surrogate escape), which cannot be encoded and turned the 422 into a
    500."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"type": error["type"], "loc": error["loc"], "msg": error["msg"]} for error in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


def services_from_settings(settings: Settings) -> Services:
    """The services of one API process (the store is migrated already: ``aspinix serve`` and
    ``aspinix db upgrade`` do that before any API process starts)."""
    store = open_store(settings)
    alerts = LogAndWebhookAlerts(settings.alert_webhook_url)
    ledgers = Ledgers(store.database, store.keys, store.catalogue)
    times = SessionTimes(
        lifetime=timedelta(hours=settings.console_session_hours),
        idle=timedelta(minutes=settings.console_idle_minutes),
    )
    return Services(
        settings=settings,
        store=store,
        ledgers=ledgers,
        queue=JobQueue(build_huey(settings.resolved_queue_url())),
        alerts=alerts,
        admin_guard=AdminGuard(
            settings.admin_token.get_secret_value() if settings.admin_token else None
        ),
        push_certs=CachingCertsRequest(TimeoutRequest()),
        console=ConsoleState(
            sign_in=SignIn(ledgers, alerts, times, settings.workspace),
            times=times,
            throttle=SignInThrottle(),
            policy_trials=PolicyTrials(settings.hash_key_bytes()),
        ),
    )


def app_from_env() -> FastAPI:
    """The factory uvicorn calls in every API process."""
    settings = Settings()
    configure_logging(settings.log_level)
    return create_app(services_from_settings(settings))
