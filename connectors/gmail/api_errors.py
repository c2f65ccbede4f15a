"""How the Gmail client turns library exceptions into the connector's errors.

google-api-python-client raises ``HttpError`` for any non-2xx answer (after its own retries of
429 and 5xx), google-auth raises ``RefreshError``/``TransportError`` from the token refresh it
does before a call or after a 401, and httplib2 and the socket layer raise their own. Callers
should see one error per cause instead. The ``HttpError`` is not chained: its text carries the
request URI (message ids, a search query), and our errors keep only the status and Google's
machine-readable ``reason``.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import google.auth.exceptions
import httplib2
from googleapiclient.errors import BatchError, HttpError

from connectors.gmail.credentials import refresh_failure
from connectors.gmail.errors import (
    GmailError,
    GmailUnavailable,
    GoogleUnreachable,
    MalformedResponse,
    PermissionDenied,
    RequestRejected,
    Unauthorized,
)

_RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_MAX_REASON_CHARS = 64


@contextmanager
def gmail_errors(not_found: Callable[[], GmailError] | None = None) -> Iterator[None]:
    """Re-raise what the Google libraries raise inside the block as a ``GmailError``.

    ``not_found`` builds the error for a 404 (``HistoryExpired``, ``MessageGone``); without it
    a 404 is a ``RequestRejected``.
    """
    try:
        yield
    except HttpError as exc:
        raise error_for_status(_status(exc), reason_of(exc.content), not_found) from None
    except google.auth.exceptions.RefreshError as exc:
        error = refresh_failure(exc)
        if isinstance(error, GoogleUnreachable):
            raise GmailUnavailable("the OAuth token endpoint keeps failing") from None
        raise error from None
    except google.auth.exceptions.TransportError as exc:
        raise GmailUnavailable("the OAuth token endpoint is unreachable") from exc
    except BatchError:
        raise MalformedResponse("the batch answer is not a multipart/mixed of responses") from None
    except (OSError, httplib2.HttpLib2Error, http.client.HTTPException) as exc:
        raise GmailUnavailable(f"network error: {type(exc).__name__}") from exc
    except ValueError:  # googleapiclient's JSON model decoding a body that is not JSON
        raise MalformedResponse("the answer is not JSON") from None


def error_for_status(
    status: int, reason: str, not_found: Callable[[], GmailError] | None = None
) -> GmailError:
    """The error for a failed answer; 429 and 5xx arrive here only once retries ran out."""
    if status == 401:
        return Unauthorized()
    if status == 403 and reason in _RATE_LIMIT_REASONS:
        return GmailUnavailable(f"HTTP 403 {reason}, still after retries", status)
    if status == 403:
        return PermissionDenied(reason)
    if status == 404 and not_found is not None:
        return not_found()
    if status == 429 or status >= 500:
        return GmailUnavailable(f"HTTP {status}, still after retries", status)
    return RequestRejected(status, reason)


def is_transient(status: int, reason: str) -> bool:
    """Whether a later attempt may succeed: what googleapiclient itself retries."""
    return status == 429 or status >= 500 or (status == 403 and reason in _RATE_LIMIT_REASONS)


def reason_of(content: bytes | str | None) -> str:
    """Google's ``error.errors[0].reason`` (or ``error.status``): a short camelCase code.

    The human ``message`` is never used: it can quote the request (an address, for one).
    """
    try:
        error = json.loads(content or b"{}").get("error", {})
        candidates = [error.get("errors", [{}])[0].get("reason"), error.get("status")]
    except (ValueError, AttributeError, IndexError, TypeError):
        return "no reason given"
    for candidate in candidates:
        if (
            isinstance(candidate, str)
            and 0 < len(candidate) <= _MAX_REASON_CHARS
            and candidate.replace("_", "").isalnum()
            and candidate.isascii()
        ):
            return candidate
    return "no reason given"


def _status(exc: HttpError) -> int:
    status = getattr(exc.resp, "status", 0)
    return int(status) if isinstance(status, int | str) and str(status).isdigit() else 0
