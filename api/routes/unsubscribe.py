"""One-click unsubscribe (RFC 8058): the link in a follow-up's ``List-Unsubscribe`` header.

A mail client's one-click button POSTs ``List-Unsubscribe=One-Click`` to the link; a person
who opens the link in a browser gets a page with one button that does the same POST. A GET
never unsubscribes: mail scanners fetch links on their own. No sign-in: the link is signed for
its contact, and a forged or stale one gets 404 and changes nothing.
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from agent.errors import InvalidUnsubscribeLink
from agent.unsubscribe import contact_for_token, unsubscribe
from api.body import read_limited
from api.deps import ServicesDep
from api.services import Services

router = APIRouter(prefix="/unsubscribe", tags=["unsubscribe"])
_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
_FORM_LIMIT = 4096
ONE_CLICK = "One-Click"


def _page(title: str, body: str, code: int = status.HTTP_200_OK) -> HTMLResponse:
    html = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><main><h1>{escape(title)}</h1>{body}</main></html>"
    )
    return HTMLResponse(html, status_code=code, headers=_NO_STORE)


def _invalid() -> HTMLResponse:
    return _page(
        "Link not valid",
        "<p>This unsubscribe link is not valid. Reply STOP to any message instead.</p>",
        status.HTTP_404_NOT_FOUND,
    )


@router.get("/{token}", response_class=HTMLResponse, responses={404: {}})
async def confirm_page(token: str, services: ServicesDep) -> HTMLResponse:
    """A page with one button: unsubscribing takes a POST, never a GET."""
    if not await run_in_threadpool(_valid, services, token):
        return _invalid()
    return _page(
        "Unsubscribe from follow-ups",
        '<form method=post><input type=hidden name=List-Unsubscribe value="One-Click">'
        "<button type=submit>Unsubscribe</button></form>"
        "<p>Replies to questions you ask us are not affected.</p>",
    )


@router.post("/{token}", response_class=HTMLResponse, responses={404: {}, 413: {}})
async def one_click(token: str, request: Request, services: ServicesDep) -> HTMLResponse:
    """Withdraw marketing consent for the link's contact, with the method as evidence."""
    form = parse_qs((await read_limited(request, _FORM_LIMIT)).decode("latin-1"))
    one_click = ONE_CLICK in form.get("List-Unsubscribe", [])
    method = "rfc8058_one_click" if one_click else "unsubscribe_page"
    try:
        await run_in_threadpool(_unsubscribe, services, token, method)
    except InvalidUnsubscribeLink:
        return _invalid()
    return _page("You are unsubscribed", "<p>You will get no more follow-ups from us.</p>")


def _valid(services: Services, token: str) -> bool:
    with services.ledgers.open(services.settings.workspace, "unsubscribe") as ledger:
        try:
            contact_for_token(ledger, token)
        except InvalidUnsubscribeLink:
            return False
        return True


def _unsubscribe(services: Services, token: str, method: str) -> None:
    with services.ledgers.open(services.settings.workspace, "unsubscribe") as ledger:
        unsubscribe(ledger, token, method=method, source_channel="gmail")
