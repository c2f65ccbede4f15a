"""The Gmail REST API for one mailbox, through google-api-python-client.

The service is built from the discovery document shipped in the wheel (``static_discovery``:
no network at construction) with ``api_endpoint`` from configuration, so tests and the demo
point it at a loopback fake. Requests go through an ``AuthorizedHttp`` over an ``httplib2.Http``
with a timeout; google-auth refreshes the access token before a call when it is stale and once
more after a 401. googleapiclient's ``num_retries`` retries 429 and 5xx with exponential
backoff; what still fails becomes one of the connector's errors (``api_errors``).

Two library traps are avoided on purpose, both of which send requests to Google's host whatever
``api_endpoint`` says: ``service.new_batch_http_request()`` posts to the discovery document's
``rootUrl`` (so the batch is built with a ``batch_uri`` derived from ``api_base``), and a media
upload keeps Google's ``https`` scheme (so ``send`` posts the message as JSON ``raw``).

Not thread-safe (httplib2 connections and the service are not): use one client per thread.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Final, Self

import google_auth_httplib2
import httplib2
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest

from connectors.gmail.api_errors import error_for_status, gmail_errors, is_transient, reason_of
from connectors.gmail.errors import GmailError, GmailUnavailable, HistoryExpired, MessageGone
from connectors.gmail.resources import (
    HistoryPage,
    Profile,
    RawMessage,
    SentMessage,
    Watch,
    added_message_ids,
    history_id_of,
    listed_message_ids,
    parse_profile,
    parse_raw_message,
    parse_sent,
    parse_watch,
)

DEFAULT_API_BASE: Final = "https://gmail.googleapis.com/"
BATCH_PATH: Final = "batch/gmail/v1"
MAX_BATCH_SIZE: Final = 50
"""Gmail accepts 100 calls per batch but advises at most 50: larger ones get rate-limited."""

_PAGE_SIZE: Final = 500  # the largest page history.list and messages.list return
_MAX_PAGES: Final = 10_000  # a server repeating a page token must not loop us forever


class GmailClient:
    """Reads and sends the mail of the mailbox ``credentials`` give access to.

    ``api_base`` is Gmail's root URL (with or without the trailing slash); ``timeout`` bounds
    each HTTP exchange in seconds; ``num_retries`` is how many times a 429 or 5xx is retried,
    with waits drawn up to 2, 4, 8... seconds through ``sleep`` (injectable for tests).
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        api_base: str = DEFAULT_API_BASE,
        user_id: str = "me",
        timeout: float = 30.0,
        num_retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_base.startswith(("https://", "http://")):
            raise ValueError(
                "api_base must be an http(s) URL such as https://gmail.googleapis.com/"
            )
        if num_retries < 0 or timeout <= 0:
            raise ValueError("num_retries cannot be negative and timeout must be positive")
        self.api_base = api_base.rstrip("/") + "/"
        self.batch_uri = self.api_base + BATCH_PATH
        self._credentials = credentials
        self._user = user_id
        self._num_retries = num_retries
        self._sleep = sleep
        self._plain_http = httplib2.Http(timeout=timeout)
        self._http = google_auth_httplib2.AuthorizedHttp(credentials, http=self._plain_http)
        service = build(
            "gmail",
            "v1",
            http=self._http,  # carries the credentials: build() refuses both at once
            client_options={"api_endpoint": self.api_base},
            static_discovery=True,
            cache_discovery=False,
        )
        self._users: Any = service.users()

    @property
    def credentials(self) -> Credentials:
        """The credentials in use; persist them after calls, since a refresh changes them."""
        return self._credentials

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- mailbox ---------------------------------------------------------------------------

    def get_profile(self) -> Profile:
        return parse_profile(self._execute(self._users.getProfile(userId=self._user)))

    def watch(self, topic: str, label_ids: Iterable[str] = ("INBOX",)) -> Watch:
        """Ask Gmail to publish changes of these labels to the Pub/Sub ``topic``; renew daily
        (a watch lapses after 7 days)."""
        body = {"topicName": topic, "labelIds": list(label_ids), "labelFilterBehavior": "include"}
        return parse_watch(self._execute(self._users.watch(userId=self._user, body=body)))

    def stop(self) -> None:
        """Stop all push notifications of the mailbox."""
        self._execute(self._users.stop(userId=self._user))

    def history_since(self, start_history_id: str, label_id: str = "INBOX") -> HistoryPage:
        """Ids of messages added with ``label_id`` after ``start_history_id``, over all pages,
        in order and without repeats. Raises ``HistoryExpired`` when Gmail no longer has
        history that old (404): resynchronise with ``recent_message_ids``."""
        ids: dict[str, None] = {}
        token: str | None = None
        for _ in range(_MAX_PAGES):
            request = self._users.history().list(
                userId=self._user,
                startHistoryId=start_history_id,
                historyTypes=["messageAdded"],
                labelId=label_id,
                maxResults=_PAGE_SIZE,
                pageToken=token,
            )
            page = self._execute(request, not_found=HistoryExpired)
            ids.update(dict.fromkeys(added_message_ids(page)))
            token = page.get("nextPageToken")
            if not token:
                return HistoryPage(tuple(ids), history_id_of(page, "history page"))
        raise GmailUnavailable("history.list kept returning page tokens")

    def recent_message_ids(
        self, max_results: int, query: str | None = None, label_id: str | None = "INBOX"
    ) -> tuple[str, ...]:
        """Up to ``max_results`` ids of the newest messages (with ``label_id``, matching the
        Gmail search ``query``), newest first. Keep ``query`` free of personal data: it is
        part of the URL, which googleapiclient logs when it retries."""
        ids: list[str] = []
        token: str | None = None
        while len(ids) < max_results:
            request = self._users.messages().list(
                userId=self._user,
                maxResults=min(_PAGE_SIZE, max_results - len(ids)),
                q=query,
                labelIds=[label_id] if label_id else None,
                pageToken=token,
            )
            page = self._execute(request)
            ids.extend(listed_message_ids(page))
            token = page.get("nextPageToken")
            if not token:
                break
        return tuple(ids[:max_results])

    def get_raw(self, message_id: str) -> RawMessage:
        """One message as RFC 822 bytes. Raises ``MessageGone`` if it was deleted meanwhile."""
        request = self._users.messages().get(userId=self._user, id=message_id, format="raw")
        return parse_raw_message(self._execute(request, not_found=lambda: MessageGone(message_id)))

    def get_raw_many(self, message_ids: Iterable[str]) -> list[RawMessage]:
        """Many messages in batches of ``MAX_BATCH_SIZE``, in the order asked (repeats dropped),
        skipping the ones deleted meanwhile. Calls that got a 429 or 5xx are retried with
        backoff; if they keep failing, ``GmailUnavailable``."""
        wanted = list(dict.fromkeys(message_ids))
        found: dict[str, RawMessage] = {}
        for start in range(0, len(wanted), MAX_BATCH_SIZE):
            found.update(self._fetch_batch(wanted[start : start + MAX_BATCH_SIZE]))
        return [found[message_id] for message_id in wanted if message_id in found]

    def send(self, raw: str, thread_id: str | None = None) -> SentMessage:
        """Send an RFC 822 message given base64url-encoded (``raw``), in ``thread_id`` when it
        answers one. Posted as JSON, not as a media upload (see the module docstring)."""
        body: dict[str, str] = {"raw": raw}
        if thread_id:
            body["threadId"] = thread_id
        return parse_sent(self._execute(self._users.messages().send(userId=self._user, body=body)))

    # -- plumbing --------------------------------------------------------------------------

    def _execute(self, request: Any, not_found: Callable[[], GmailError] | None = None) -> Any:
        request._sleep = self._sleep  # googleapiclient waits between retries through this
        with gmail_errors(not_found):
            return request.execute(num_retries=self._num_retries)

    def _fetch_batch(self, ids: list[str]) -> dict[str, RawMessage]:
        found: dict[str, RawMessage] = {}
        pending = ids
        for attempt in range(self._num_retries + 1):
            if attempt:
                self._sleep(random.random() * 2**attempt)  # as googleapiclient backs off
            try:
                failed = self._batch_attempt(pending, found)
            except GmailUnavailable:
                if attempt == self._num_retries:
                    raise
                continue  # the whole batch failed transiently: send it again
            for status, reason in failed.values():
                if status != 404 and not is_transient(status, reason):
                    raise error_for_status(status, reason)
            pending = [i for i, (s, r) in failed.items() if is_transient(s, r)]
            if not pending:
                return found
        raise GmailUnavailable(f"{len(pending)} message fetches kept failing in batches")

    def _batch_attempt(
        self, ids: list[str], found: dict[str, RawMessage]
    ) -> dict[str, tuple[int, str]]:
        """One batch of ``messages.get``: fills ``found``, returns ``{id: (status, reason)}``
        of the calls that failed."""
        failed: dict[str, tuple[int, str]] = {}

        def collect(request_id: str, response: Any, exception: Exception | None) -> None:
            if isinstance(exception, HttpError):
                failed[request_id] = (exception.resp.status, reason_of(exception.content))
            elif exception is None:
                found[request_id] = parse_raw_message(response)

        batch = BatchHttpRequest(callback=collect, batch_uri=self.batch_uri)
        for message_id in ids:
            get = self._users.messages().get(userId=self._user, id=message_id, format="raw")
            batch.add(get, request_id=message_id)
        with gmail_errors():
            self._refresh_if_stale()
            batch.execute(http=self._http)
        return failed

    def _refresh_if_stale(self) -> None:
        """Refresh through our timed ``Http`` before a batch: ``BatchHttpRequest`` would refresh
        a stale token through a new ``httplib2.Http()`` without any timeout."""
        if not self._credentials.valid:
            request = google_auth_httplib2.Request(self._plain_http)
            self._credentials.refresh(request)  # type: ignore[no-untyped-call]
