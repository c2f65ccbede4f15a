"""Signing in and out: ``/console/login`` (Email, Password), the one-time code step, the
first enrolment of an authenticator app, sign out, and sign out everywhere."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from api.console.accounts import qr_data_uri
from api.console.cookies import clear_session, session_token, set_session
from api.console.deps import SignedIn
from api.console.pages import render
from api.console.signin import Outcome, Result
from api.deps import ServicesDep
from api.services import Services
from store.console_sessions import ConsoleSessions

router = APIRouter()

HOME = "/console"
LOGIN = "/console/login"
CODE = "/console/login/code"
ENROL = "/console/login/enrol"
_NEXT_STEP = {Result.NEED_CODE: CODE, Result.NEED_ENROLMENT: ENROL, Result.SIGNED_IN: HOME}
_REFUSALS = {
    Result.REJECTED: "That did not work. Check your e-mail address, password or code.",
    Result.LOCKED: "Too many failed attempts: this account is locked for 15 minutes.",
}
# Form fields are bounded: a megabyte "password" would only cost Argon2 time.
_FIELD_LIMIT = 1024


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)


def _after(request: Request, outcome: Outcome, template: str) -> Response:
    """Where a step leads: the next step (with its new token), or the form again."""
    if outcome.token is not None:
        response = _redirect(_NEXT_STEP[outcome.result])
        set_session(response, request, outcome.token)
        return response
    code = (
        status.HTTP_429_TOO_MANY_REQUESTS
        if outcome.result is Result.LOCKED
        else status.HTTP_401_UNAUTHORIZED
    )
    return render(request, template, status_code=code, error=_REFUSALS[outcome.result])


def _pending_token(request: Request, services: ServicesDep, template: str) -> str | Response:
    """The token of a sign-in half done, or where to send the browser instead: back to the
    start without one, or the form again when this address tried too often."""
    token = session_token(request)
    if token is None:
        return _redirect(LOGIN)
    return _throttled(request, services, template) or token


def _throttled(request: Request, services: ServicesDep, template: str) -> HTMLResponse | None:
    if services.console.throttle.allow(_client(request)):
        return None
    return render(
        request,
        template,
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        error="Too many attempts from this address: wait a minute and try again.",
    )


@router.get("/login")
async def login_page(request: Request) -> HTMLResponse:
    """The sign-in form."""
    return render(request, "login.html")


@router.post("/login")
async def login(
    request: Request,
    services: ServicesDep,
    email: Annotated[str, Form(max_length=_FIELD_LIMIT)],
    password: Annotated[str, Form(max_length=_FIELD_LIMIT)],
) -> Response:
    """Check the password; then a code, an enrolment, or straight in."""
    refused = _throttled(request, services, "login.html")
    if refused is not None:
        return refused
    outcome = await run_in_threadpool(services.console.sign_in.with_password, email, password)
    return _after(request, outcome, "login.html")


@router.get("/login/code")
async def code_page(request: Request) -> Response:
    """The one-time code form (after a right password)."""
    if session_token(request) is None:
        return _redirect(LOGIN)
    return render(request, "code.html")


@router.post("/login/code")
async def code(
    request: Request, services: ServicesDep, code: Annotated[str, Form(max_length=64)]
) -> Response:
    """Check the one-time or recovery code."""
    token = _pending_token(request, services, "code.html")
    if isinstance(token, Response):
        return token
    outcome = await run_in_threadpool(services.console.sign_in.with_code, token, code)
    return _after(request, outcome, "code.html")


@router.get("/login/enrol")
async def enrol_page(request: Request, services: ServicesDep) -> Response:
    """The QR code to scan, with the secret spelled out for apps that cannot scan."""
    token = session_token(request)
    uri = await run_in_threadpool(services.console.sign_in.enrolment_uri, token) if token else None
    if uri is None:
        return _redirect(LOGIN)
    return render(request, "enrol.html", qr=qr_data_uri(uri), uri=uri)


@router.post("/login/enrol")
async def enrol(
    request: Request, services: ServicesDep, code: Annotated[str, Form(max_length=64)]
) -> Response:
    """Confirm the authenticator with a code; show the recovery codes once."""
    token = _pending_token(request, services, "code.html")
    if isinstance(token, Response):
        return token
    outcome = await run_in_threadpool(services.console.sign_in.enrol, token, code)
    if outcome.token is None:
        uri = await run_in_threadpool(services.console.sign_in.enrolment_uri, token)
        if uri is None:
            return _redirect(LOGIN)
        return render(
            request,
            "enrol.html",
            status_code=status.HTTP_401_UNAUTHORIZED,
            qr=qr_data_uri(uri),
            uri=uri,
            error=_REFUSALS[outcome.result],
        )
    response = render(request, "recovery_codes.html", codes=outcome.recovery_codes)
    set_session(response, request, outcome.token)
    return response


@router.post("/logout")
async def logout(request: Request, services: ServicesDep) -> Response:
    """Sign this browser out."""
    token = session_token(request)
    if token is not None:
        await run_in_threadpool(_end, services, token)
    response = _redirect(LOGIN)
    clear_session(response, request)
    return response


@router.post("/logout/everywhere")
async def logout_everywhere(request: Request, services: ServicesDep, viewer: SignedIn) -> Response:
    """Sign the user out of every browser, this one included."""
    await run_in_threadpool(_end_everywhere, services, viewer.workspace, viewer.user_id)
    response = _redirect(LOGIN)
    clear_session(response, request)
    return response


def _end(services: Services, token: str) -> None:
    with services.store.database.session() as session:
        ConsoleSessions(session).end(token)


def _end_everywhere(services: Services, workspace: str, user_id: str) -> None:
    with services.ledgers.open(workspace, f"user:{user_id}") as ledger:
        ended = ConsoleSessions(ledger.scope.session).end_all(user_id)
        ledger.audit.append(
            "console.signed_out_everywhere", f"user:{user_id}", user_id, {"sessions": ended}
        )
