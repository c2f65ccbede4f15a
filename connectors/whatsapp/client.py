"""Outbound messages over the WhatsApp Cloud API: ``POST {api_base}/{phone_number_id}/messages``.

Plain ``httpx`` rather than an SDK, so the host comes from configuration (``WHATSAPP_API_BASE``:
the Graph API in production, a loopback fake in tests and the demo) and every retry decision is
ours. A failed attempt is retried when a later one may succeed: HTTP 429, 5xx, a timeout, a lost
connection, and Graph's throughput errors that arrive as HTTP 400 (codes 4, 80007, 130429,
131056). Waits grow exponentially with full jitter, or follow ``Retry-After`` (capped), so many
workers backing off at once do not return in step. Any other 4xx fails at once.

The Cloud API has no idempotency key: a timeout after Meta accepted a message means the retry
sends it twice. That is accepted over silently losing a reply; the delivery-status webhooks
show what arrived. Nothing logged or raised here contains the text or the recipient.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any

import httpx

from connectors.whatsapp.errors import EmptyText, SendFailed, TextTooLong, TransientSendError
from connectors.whatsapp.rate_limit import SendRateLimiter

MAX_TEXT_CHARS = 4096
"""Longest ``text.body`` the Cloud API accepts."""

_log = logging.getLogger(__name__)

_THROTTLING_CODES = frozenset({4, 80007, 130429, 131056})  # app, account, throughput, pair rate
_HINTS: dict[int, str] = {
    10: "the token lacks the whatsapp_business_messaging permission for this number",
    100: "the request was rejected as invalid; check the template name, language and components",
    190: "the access token is invalid or expired; issue a new system-user token",
    131026: "the message is undeliverable; the recipient may not use WhatsApp or an old version",
    131030: "the recipient is not on the test number's allowed list; add it in the app dashboard",
    131047: "more than 24 hours passed since the customer last wrote; send an approved template",
    131051: "this message type is not supported",
    131062: "business-scoped user ids cannot receive this message type; send to the phone number",
    132001: "the template does not exist in this language or is not approved yet",
    133010: "the business phone number is not registered with Cloud API",
}


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who receives a message: a phone-based ``wa_id``, a business-scoped user id, or both.

    The phone is used when known, else the BSUID. Meta's 2026 usernames change added a
    ``recipient`` request field for BSUIDs next to ``to`` for phone numbers; with both present
    ``to`` wins, and Meta recommends phones when known so webhooks keep carrying them. Source:
    https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/
    (as summarised in https://dualhook.com/docs/contacts-bsuid-api-changes and applied in
    https://github.com/devlooped/WhatsApp/pull/440: ``recipient_type`` stays "individual").
    """

    wa_id: str | None = field(default=None, repr=False)
    bsuid: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.wa_id and not self.bsuid:
            raise ValueError("a recipient needs a wa_id (phone-based id) or a bsuid")

    def address(self) -> dict[str, str]:
        """The fields naming the recipient: ``{"to": wa_id}`` or ``{"recipient": bsuid}``."""
        if self.wa_id:
            return {"to": self.wa_id}
        assert self.bsuid  # __post_init__ guarantees one of the two
        return {"recipient": self.bsuid}


class GraphClient:
    """Sends text and template messages from one business phone number; returns their wamids.

    ``http`` is an ``httpx.Client`` to use (closed by its owner); without one the client makes
    its own with ``timeout`` seconds and closes it in ``close()``. ``max_attempts`` counts the
    first try. ``rate_limiter`` is asked before every attempt, keyed by ``phone_number_id``.
    ``sleep`` is injectable so tests can record the waits instead of waiting.
    """

    def __init__(
        self,
        api_base: str,
        phone_number_id: str,
        access_token: str,
        *,
        http: httpx.Client | None = None,
        max_attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        rate_limiter: SendRateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 10.0,
    ) -> None:
        if not api_base.startswith(("https://", "http://")):
            raise ValueError(
                "api_base must be an http(s) URL such as https://graph.facebook.com/v23.0"
            )
        if not phone_number_id:
            raise ValueError(
                "phone_number_id is empty; it is in the WhatsApp Manager API setup page"
            )
        if not access_token:
            raise ValueError("access_token is empty; use a system-user token of the business")
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
        if base_delay < 0 or max_delay < 0:
            raise ValueError("base_delay and max_delay cannot be negative")
        self._url = f"{api_base.rstrip('/')}/{phone_number_id}/messages"
        self._phone_number_id = phone_number_id
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._owns_http = http is None
        self._http = http if http is not None else httpx.Client(timeout=timeout)
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._rate_limiter = rate_limiter
        self._sleep = sleep

    def send_text(self, recipient: Recipient, text: str, reply_to: str | None = None) -> str:
        """Send free text (allowed only in the 24-hour service window); return the wamid.

        ``reply_to`` is a message id to quote. Raises ``EmptyText`` or ``TextTooLong`` before
        sending, ``SendFailed`` when the API refuses or attempts run out, and
        ``RateLimiterUnavailable`` when the shared send budget cannot be reached.
        """
        if not text.strip():
            raise EmptyText()
        if len(text) > MAX_TEXT_CHARS:
            raise TextTooLong(len(text), MAX_TEXT_CHARS)
        content: dict[str, Any] = {"type": "text", "text": {"preview_url": False, "body": text}}
        if reply_to:
            content["context"] = {"message_id": reply_to}
        return self._send(recipient, content)

    def send_template(
        self,
        recipient: Recipient,
        name: str,
        language: str,
        components: Sequence[Mapping[str, Any]] | None = None,
    ) -> str:
        """Send an approved template (allowed at any time); return the wamid.

        ``language`` is the template's language code such as "en_US"; ``components`` are the
        Graph API template components (header, body, button parameters), if it has variables.
        """
        template: dict[str, Any] = {"name": name, "language": {"code": language}}
        if components:
            template["components"] = [dict(component) for component in components]
        return self._send(recipient, {"type": "template", "template": template})

    def close(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _send(self, recipient: Recipient, content: dict[str, Any]) -> str:
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            **recipient.address(),
            **content,
        }
        attempt = 1
        while True:
            if self._rate_limiter is not None:
                self._rate_limiter.acquire(self._phone_number_id)
            try:
                return self._post(payload)
            except TransientSendError as error:
                if attempt >= self._max_attempts:
                    raise SendFailed(
                        status=error.status,
                        code=error.code,
                        reason="transient_exhausted",
                        detail=f"{attempt} attempts failed, the last with {error.reason}; "
                        "the API or the network is struggling, try again later",
                    ) from error
                delay = self._delay(attempt, error.retry_after)
                _log.warning(
                    "WhatsApp send attempt %d of %d failed (%s); retrying in %.2f s",
                    attempt,
                    self._max_attempts,
                    error.reason,
                    delay,
                )
                self._sleep(delay)
                attempt += 1

    def _post(self, payload: dict[str, Any]) -> str:
        """One attempt: the wamid, or ``TransientSendError``/``SendFailed``."""
        try:
            response = self._http.post(self._url, json=payload, headers=self._headers)
        except httpx.TimeoutException as error:
            raise TransientSendError(reason="timeout") from error
        except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
            raise TransientSendError(reason="connection_error") from error
        status = response.status_code
        if 200 <= status < 300:
            return _message_id(response)
        code = _graph_code(response)
        reason = f"graph_error_{code}" if code is not None else f"http_{status}"
        if status == 429 or status >= 500 or code in _THROTTLING_CODES:
            retry_after = _retry_after(response.headers.get("Retry-After"))
            raise TransientSendError(
                reason=reason, status=status, code=code, retry_after=retry_after
            )
        if code is None:
            hint = "the response carried no Graph error; check that api_base is the Graph API"
        else:
            hint = _HINTS.get(code, "look the code up in Meta's Cloud API error codes")
        raise SendFailed(status=status, code=code, reason=reason, detail=f"HTTP {status}: {hint}")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """``Retry-After`` when given, else full jitter: uniform in [0, base * 2^(attempt-1)]."""
        if retry_after is not None:
            return min(retry_after, self._max_delay)
        ceiling = min(self._max_delay, self._base_delay * 2 ** (attempt - 1))
        return random.uniform(0.0, ceiling)


def _message_id(response: httpx.Response) -> str:
    """The wamid of an accepted message; a 2xx without one is not retried (it may have gone)."""
    try:
        wamid = response.json()["messages"][0]["id"]
    except (ValueError, KeyError, IndexError, TypeError):
        wamid = None
    if not isinstance(wamid, str) or not wamid:
        raise SendFailed(
            status=response.status_code,
            code=None,
            reason="unexpected_response",
            detail="the API accepted the request but returned no message id; it may have been "
            "sent, so it is not retried: check the delivery-status webhooks",
        )
    return wamid


def _graph_code(response: httpx.Response) -> int | None:
    """``error.code`` of a Graph error body, if the body is one."""
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None
    if isinstance(code, int) and not isinstance(code, bool):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: delay-seconds or an HTTP date; None if unusable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None
    if seconds != seconds:  # NaN
        return None
    return max(seconds, 0.0)
