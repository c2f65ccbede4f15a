"""A fake Google on loopback for the Gmail connector: Gmail REST, batch, OAuth and OIDC certs.

One server, one port, real HTTP: point ``GmailClient(api_base=fake.base_url)`` and credentials
whose ``token_uri`` is ``fake.token_uri`` at it and nothing needs Google. It serves

- Gmail under ``/gmail/v1/users/{me|address}/``: ``profile``, ``watch``, ``stop``, ``history``,
  ``messages`` (list), ``messages/{id}`` (formats raw, full, metadata, minimal) and
  ``messages/send`` (JSON ``{"raw", "threadId"}`` only, as the non-upload endpoint takes). Every
  call needs ``Authorization: Bearer <live access token>`` (else 401) with a scope that covers
  it (else 403 ``insufficientPermissions``); errors carry Google's JSON error body.
- ``POST /batch/gmail/v1``: multipart/mixed of application/http parts, each dispatched to the
  same handlers (outer headers apply to every part, as on Google).
- ``POST /token`` (refresh_token grant; ``invalid_grant`` for a revoked or unknown token),
  ``POST /revoke`` and ``GET /oauth2/v1/certs`` (``{kid: PEM certificate}`` with Cache-Control).

Tests drive it with ``add_inbound``, ``issue_refresh_token``, ``fail_next``/``delay_next``,
``expire_history_before``, ``revoke_all``, mint push tokens with ``push_token`` and read
``requests``, ``sent`` and ``watches``. Everything is guarded by one lock.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.gmail_handlers import route_gmail
from fakes.gmail_mailbox import Mailbox
from fakes.gmail_records import Grant, RecordedRequest, Script, SentMail, WatchCall
from fakes.google_oauth import route_oauth
from fakes.google_oidc import GOOGLE_ISSUER, SigningKey, mint_token, push_claims, signing_key
from fakes.google_replies import Reply
from fakes.loopback import LoopbackServer

DEFAULT_EMAIL = "owner@example.com"
DEFAULT_CLIENT_ID = "fake-client-id.apps.googleusercontent.com"
DEFAULT_CLIENT_SECRET = "fake-client-secret"
PUSH_SERVICE_ACCOUNT = "gmail-push@fake-project.iam.gserviceaccount.com"
READONLY = "https://www.googleapis.com/auth/gmail.readonly"
SEND = "https://www.googleapis.com/auth/gmail.send"


class FakeGoogle(LoopbackServer):
    """Use as ``with FakeGoogle() as google:``; see the module docstring."""

    thread_name = "fake Google"

    def __init__(
        self,
        *,
        email_address: str = DEFAULT_EMAIL,
        history_id: int = 1000,
        history_floor: int = 0,
        certs_max_age: int | None = 19800,
        access_token_lifetime: int = 3599,
    ) -> None:
        super().__init__()
        self.lock = threading.RLock()
        self.mailbox = Mailbox(email_address, history_id=history_id, history_floor=history_floor)
        self.certs_max_age = certs_max_age
        self.access_token_lifetime = access_token_lifetime
        self.grants: dict[str, Grant] = {}
        self.access_tokens: dict[str, tuple[Grant, float]] = {}  # token -> (grant, expires at)
        self.scripts: list[Script] = []
        self.watches: list[WatchCall] = []
        self.stops = 0
        self._sent: list[SentMail] = []
        self._requests: list[RecordedRequest] = []
        kid = uuid.uuid4().hex
        self.google_key: SigningKey = signing_key("google", kid)
        self.attacker_key: SigningKey = signing_key("attacker", kid)  # same kid, other key

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    # -- addresses -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The Gmail ``api_base``: ``http://127.0.0.1:<port>/``."""
        return f"{self._origin()}/"

    @property
    def token_uri(self) -> str:
        return f"{self._origin()}/token"

    @property
    def revoke_uri(self) -> str:
        return f"{self._origin()}/revoke"

    @property
    def certs_url(self) -> str:
        return f"{self._origin()}/oauth2/v1/certs"

    @property
    def batch_url(self) -> str:
        return f"{self._origin()}/batch/gmail/v1"

    # -- mailbox ---------------------------------------------------------------------------

    @property
    def email_address(self) -> str:
        return self.mailbox.email_address

    @property
    def history_id(self) -> str:
        """The mailbox's current history id, as Gmail returns it (a decimal string)."""
        with self.lock:
            return str(self.mailbox.history_id)

    def add_inbound(
        self,
        raw: bytes,
        *,
        thread_id: str | None = None,
        labels: Sequence[str] = ("INBOX", "UNREAD"),
    ) -> tuple[str, str]:
        """Deliver a message; returns ``(message_id, thread_id)`` (a new thread by default)."""
        with self.lock:
            stored = self.mailbox.add(raw, thread_id=thread_id, labels=tuple(labels))
            return stored.id, stored.thread_id

    def delete(self, message_id: str) -> None:
        """Remove a message (messages.get then answers 404)."""
        with self.lock:
            del self.mailbox.messages[message_id]

    def expire_history_before(self, history_id: int | str) -> None:
        """A ``startHistoryId`` below ``history_id`` is now too old: history.list answers 404."""
        with self.lock:
            self.mailbox.history_floor = int(history_id)

    @property
    def sent(self) -> list[SentMail]:
        with self.lock:
            return list(self._sent)

    def record_sent(self, mail: SentMail) -> None:
        with self.lock:
            self._sent.append(mail)

    # -- OAuth -----------------------------------------------------------------------------

    def issue_refresh_token(
        self,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        scopes: Sequence[str] = (READONLY, SEND),
    ) -> str:
        """A refresh token as a completed consent would give; its scopes default to both."""
        token = f"1//fake-refresh-{secrets.token_urlsafe(24)}"
        with self.lock:
            self.grants[token] = Grant(token, client_id, client_secret, tuple(scopes))
        return token

    def authorized_user_info(self, refresh_token: str) -> dict[str, str]:
        """Google's authorized-user JSON for ``refresh_token``, refreshing at this fake."""
        with self.lock:
            grant = self.grants[refresh_token]
        return {
            "type": "authorized_user",
            "client_id": grant.client_id,
            "client_secret": grant.client_secret,
            "refresh_token": refresh_token,
            "token_uri": self.token_uri,
        }

    def mint_access_token(self, grant: Grant) -> str:
        token = f"ya29.fake-{secrets.token_urlsafe(24)}"
        with self.lock:
            self.access_tokens[token] = (grant, time.time() + self.access_token_lifetime)
        return token

    def revoke_all(self) -> None:
        """Revoke every grant, as a user removing the app's access would."""
        with self.lock:
            for grant in self.grants.values():
                grant.revoked = True

    def expire_access_tokens(self) -> None:
        """Every access token issued so far is now expired (Gmail answers 401)."""
        with self.lock:
            self.access_tokens = {t: (g, 0.0) for t, (g, _) in self.access_tokens.items()}

    # -- scripted trouble ------------------------------------------------------------------

    def fail_next(
        self, status: int, times: int = 1, *, path: str = "/gmail/v1/", reason: str | None = None
    ) -> None:
        """Answer the next ``times`` requests under ``path`` with ``status`` and Google's body
        (``reason`` defaults to Google's for the status: rateLimitExceeded for 429, ...).

        Gmail calls are checked after authentication, including the parts of a batch; use
        ``path="/batch/"`` to fail whole batches, ``"/token"`` or ``"/oauth2/v1/certs"``.
        """
        with self.lock:
            self.scripts.append(Script(path, times, status=status, reason=reason))

    def delay_next(self, seconds: float, times: int = 1, *, path: str = "/gmail/v1/") -> None:
        """Wait ``seconds`` before answering the next ``times`` requests under ``path``."""
        with self.lock:
            self.scripts.append(Script(path, times, delay=seconds))

    def take_script(self, path: str) -> Script | None:
        with self.lock:
            for script in self.scripts:
                if path.startswith(script.path) and script.times > 0:
                    script.times -= 1
                    return script
            return None

    # -- requests --------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far (batch parts included, ``via_batch=True``), oldest first."""
        with self.lock:
            return list(self._requests)

    def requests_to(self, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    def record_request(
        self, method: str, path: str, headers: dict[str, str], body: bytes, *, via_batch: bool
    ) -> None:
        with self.lock:
            self._requests.append(RecordedRequest(method, path, headers, body, via_batch))

    def wait(self, seconds: float) -> bool:
        return self._wait(seconds)

    def service_env(self, *, audience: str, public_url: str, topic: str | None) -> dict[str, str]:
        """The settings that point an Aspinix service at this fake (push when ``topic``)."""
        env = {
            "GMAIL_API_BASE": self.base_url,
            "GMAIL_PUSH_CERTS_URL": self.certs_url,
            "GMAIL_PUSH_AUDIENCE": audience,
            "GMAIL_PUSH_SERVICE_ACCOUNT": PUSH_SERVICE_ACCOUNT,
            "GMAIL_REVOKE_URL": self.revoke_uri,
            "ASPINIX_PUBLIC_URL": public_url,
        }
        if topic is not None:
            env["GMAIL_PUBSUB_TOPIC"] = topic
        return env

    # -- Pub/Sub push ----------------------------------------------------------------------

    def push_token(
        self,
        audience: str,
        email: str = PUSH_SERVICE_ACCOUNT,
        *,
        issuer: str = GOOGLE_ISSUER,
        email_verified: bool = True,
        expires_in: int = 3600,
        key: SigningKey | None = None,
    ) -> str:
        """An OIDC token as Pub/Sub attaches to a push, signed by this fake's Google key."""
        claims = push_claims(
            audience, email, issuer=issuer, email_verified=email_verified, expires_in=expires_in
        )
        return mint_token(key or self.google_key, claims)

    def certs(self) -> dict[str, str]:
        return {self.google_key.kid: self.google_key.certificate_pem}

    @staticmethod
    def push_body(
        email_address: str,
        history_id: int | str,
        *,
        message_id: str | None = None,
        subscription: str = "projects/p/subscriptions/s",
    ) -> bytes:
        """A Pub/Sub push envelope carrying a Gmail notification, as Pub/Sub POSTs it."""
        data = json.dumps({"emailAddress": email_address, "historyId": history_id}).encode()
        pubsub_id = message_id or str(int(time.time() * 1000))
        envelope = {
            "message": {
                "data": base64.b64encode(data).decode("ascii"),
                "messageId": pubsub_id,
                "message_id": pubsub_id,
                "publishTime": "2026-01-31T12:00:00.000Z",
                "publish_time": "2026-01-31T12:00:00.000Z",
                "attributes": {},
            },
            "subscription": subscription,
        }
        return json.dumps(envelope).encode()


def _handler_for(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 10
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: test output stays readable."""

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {key.lower(): value for key, value in self.headers.items()}
            fake.record_request(self.command, self.path, headers, body, via_batch=False)
            if self.path.startswith(("/gmail/", "/batch/")):
                reply = route_gmail(fake, self.command, self.path, headers, body)
            else:
                reply = route_oauth(fake, self.command, self.path, headers, body)
            if reply is None:  # the server stopped while the answer was delayed
                self.close_connection = True
                return
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout)

    return Handler
