"""The fake Google answers like Google, checked with a plain HTTP client (no Google library on the
request side): auth, OAuth errors, history and its 404, message formats, send, batch wire
format, certificates and push tokens, scripted failures."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from email.message import EmailMessage

import httpx
import pytest
from google.auth import jwt

from fakes.gmail_api import PUSH_SERVICE_ACCOUNT, READONLY, FakeGoogle
from fakes.gmail_mailbox import b64url_decode


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        yield server


def mail(subject: str = "Hello") -> bytes:
    message = EmailMessage()
    message["From"] = "dana@prospect.example"
    message["To"] = "owner@example.com"
    message["Subject"] = subject
    message.add_alternative("plain body", subtype="plain")
    message.add_alternative("<p>html body</p>", subtype="html")
    return message.as_bytes()


def access_token(google: FakeGoogle, **options: object) -> str:
    refresh_token = google.issue_refresh_token(**options)  # type: ignore[arg-type]
    info = google.authorized_user_info(refresh_token)
    form = {
        "grant_type": "refresh_token",
        "client_id": info["client_id"],
        "client_secret": info["client_secret"],
        "refresh_token": refresh_token,
    }
    answer = httpx.post(google.token_uri, data=form).json()
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3599
    return str(answer["access_token"])


def gmail(google: FakeGoogle, path: str, token: str | None, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    method = "POST" if "json" in kwargs else "GET"
    url = f"{google.base_url}gmail/v1/users/me/{path}"
    return httpx.request(method, url, headers=headers, timeout=5, **kwargs)  # type: ignore[arg-type]


def test_gmail_calls_need_a_live_bearer_token(google: FakeGoogle) -> None:
    missing = gmail(google, "profile", None)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.json()["error"]["status"] == "UNAUTHENTICATED"
    assert gmail(google, "profile", "ya29.forged").status_code == 401
    token = access_token(google)
    profile = gmail(google, "profile", token).json()
    assert profile == {
        "emailAddress": "owner@example.com",
        "messagesTotal": 0,
        "threadsTotal": 0,
        "historyId": "1000",
    }
    google.expire_access_tokens()
    assert gmail(google, "profile", token).status_code == 401


def test_the_token_endpoint_refuses_like_google(google: FakeGoogle) -> None:
    refresh_token = google.issue_refresh_token()
    info = google.authorized_user_info(refresh_token)
    form = {"grant_type": "refresh_token", **{k: info[k] for k in ("client_id", "client_secret")}}
    unknown = httpx.post(google.token_uri, data={**form, "refresh_token": "1//nope"})
    assert unknown.status_code == 400 and unknown.json() == {
        "error": "invalid_grant",
        "error_description": "Token has been expired or revoked.",
    }
    wrong_secret = httpx.post(
        google.token_uri, data={**form, "client_secret": "x", "refresh_token": refresh_token}
    )
    assert wrong_secret.status_code == 401 and wrong_secret.json()["error"] == "invalid_client"

    assert httpx.post(google.revoke_uri, data={"token": refresh_token}).status_code == 200
    revoked = httpx.post(google.token_uri, data={**form, "refresh_token": refresh_token})
    assert revoked.json()["error"] == "invalid_grant"
    again = httpx.post(google.revoke_uri, params={"token": refresh_token})
    assert again.status_code == 400 and again.json()["error"] == "invalid_token"


def test_revoking_an_access_token_ends_the_grant(google: FakeGoogle) -> None:
    token = access_token(google)
    assert httpx.post(google.revoke_uri, data={"token": token}).status_code == 200
    assert gmail(google, "profile", token).status_code == 401


def test_history_pages_and_its_404_in_googles_shape(google: FakeGoogle) -> None:
    token = access_token(google)
    ids = [google.add_inbound(mail(str(i)))[0] for i in range(3)]
    first = gmail(google, "history?startHistoryId=1000&maxResults=2", token).json()
    assert [h["messagesAdded"][0]["message"]["id"] for h in first["history"]] == ids[:2]
    assert first["historyId"] == google.history_id and first["nextPageToken"]
    second = gmail(
        google,
        f"history?startHistoryId=1000&maxResults=2&pageToken={first['nextPageToken']}",
        token,
    ).json()
    assert [h["messages"][0]["id"] for h in second["history"]] == ids[2:]
    assert "nextPageToken" not in second
    assert int(first["history"][1]["id"]) - int(first["history"][0]["id"]) > 1  # gaps, as Gmail

    google.expire_history_before(1001)
    expired = gmail(google, "history?startHistoryId=1000", token)
    assert expired.status_code == 404
    assert expired.json()["error"]["message"] == "Requested entity was not found."
    assert expired.json()["error"]["status"] == "NOT_FOUND"


def test_message_formats(google: FakeGoogle) -> None:
    token = access_token(google)
    raw = mail()
    message_id, thread_id = google.add_inbound(raw)
    as_raw = gmail(google, f"messages/{message_id}?format=raw", token).json()
    assert b64url_decode(as_raw["raw"]) == raw and "=" not in as_raw["raw"]
    assert as_raw["threadId"] == thread_id and as_raw["internalDate"].isdigit()
    assert as_raw["snippet"] == "plain body" and as_raw["sizeEstimate"] == len(raw)
    full = gmail(google, f"messages/{message_id}", token).json()
    assert "raw" not in full and full["payload"]["mimeType"] == "multipart/alternative"
    html = full["payload"]["parts"][1]
    assert html["partId"] == "1" and b64url_decode(html["body"]["data"]) == b"<p>html body</p>\n"
    metadata = gmail(google, f"messages/{message_id}?format=metadata", token).json()
    assert {"name": "Subject", "value": "Hello"} in metadata["payload"]["headers"]
    assert gmail(google, "messages/0000", token).status_code == 404


def test_the_metadata_scope_cannot_read_bodies(google: FakeGoogle) -> None:
    token = access_token(google, scopes=["https://www.googleapis.com/auth/gmail.metadata"])
    message_id, _ = google.add_inbound(mail())
    refused = gmail(google, f"messages/{message_id}?format=raw", token)
    assert refused.status_code == 403
    assert gmail(google, f"messages/{message_id}?format=metadata", token).status_code == 200


def test_send_stores_the_mail_in_a_thread_with_a_history_record(google: FakeGoogle) -> None:
    token = access_token(google)
    _, thread_id = google.add_inbound(mail())
    reply = EmailMessage()
    reply["To"] = "dana@prospect.example"
    reply["Subject"] = "Re: Hello"
    reply.set_content("Thanks!")
    raw = base64.urlsafe_b64encode(reply.as_bytes()).decode().rstrip("=")
    answer = gmail(google, "messages/send", token, json={"raw": raw, "threadId": thread_id})
    assert answer.status_code == 200 and answer.json()["threadId"] == thread_id
    (sent,) = google.sent
    assert sent.message["Subject"] == "Re: Hello" and sent.requested_thread_id == thread_id
    history = gmail(google, "history?startHistoryId=1000&labelId=SENT", token).json()
    assert [h["messages"][0]["id"] for h in history["history"]] == [sent.id]

    readonly = access_token(google, scopes=[READONLY])
    denied = gmail(google, "messages/send", readonly, json={"raw": raw})
    assert denied.json()["error"]["errors"][0]["reason"] == "insufficientPermissions"
    unknown = gmail(google, "messages/send", token, json={"raw": raw, "threadId": "ffff"})
    assert unknown.status_code == 400


def test_the_batch_endpoint_speaks_multipart_http(google: FakeGoogle) -> None:
    token = access_token(google)
    message_id, _ = google.add_inbound(mail())
    body = (
        "--b\r\nContent-Type: application/http\r\nContent-ID: <x + 1>\r\n\r\n"
        f"GET /gmail/v1/users/me/messages/{message_id}?format=minimal HTTP/1.1\r\n\r\n\r\n"
        "--b\r\nContent-Type: application/http\r\nContent-ID: <x + 2>\r\n\r\n"
        "GET /gmail/v1/users/me/messages/0000 HTTP/1.1\r\n\r\n\r\n--b--\r\n"
    )
    answer = httpx.post(
        google.batch_url,
        content=body.encode(),
        headers={"Content-Type": "multipart/mixed; boundary=b", "Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("multipart/mixed; boundary=")
    text = answer.text
    assert "Content-ID: <response-x + 1>" in text and "Content-ID: <response-x + 2>" in text
    assert "HTTP/1.1 200 OK" in text and "HTTP/1.1 404 Not Found" in text
    assert [r.via_batch for r in google.requests_to("/gmail/")] == [True, True]
    assert httpx.post(f"{google.base_url}batch", content=body.encode()).status_code == 404


def test_certificates_verify_push_tokens_and_not_the_attackers(google: FakeGoogle) -> None:
    answer = httpx.get(google.certs_url)
    assert "max-age=19800" in answer.headers["cache-control"]
    certs = answer.json()
    token = google.push_token("aud")
    claims = jwt.decode(token, certs=certs, audience="aud")  # type: ignore[no-untyped-call]
    assert claims["email"] == PUSH_SERVICE_ACCOUNT and claims["email_verified"] is True
    assert claims["iss"] == "https://accounts.google.com"
    with pytest.raises(ValueError):
        forged = google.push_token("aud", key=google.attacker_key)
        jwt.decode(forged, certs=certs, audience="aud")  # type: ignore[no-untyped-call]


def test_scripted_failures_hit_the_next_matching_requests_only(google: FakeGoogle) -> None:
    token = access_token(google)
    google.fail_next(429, times=2)
    google.fail_next(503, path="/oauth2/")
    statuses = [gmail(google, "profile", token).status_code for _ in range(3)]
    assert statuses == [429, 429, 200]
    assert gmail(google, "profile", token).json()["historyId"] == "1000"
    error = httpx.get(google.certs_url)
    assert error.status_code == 503 and error.json()["error"]["status"] == "UNAVAILABLE"
    assert httpx.get(google.certs_url).status_code == 200


def test_push_body_is_a_pubsub_envelope() -> None:
    envelope = json.loads(FakeGoogle.push_body("owner@example.com", 42, message_id="7"))
    data = json.loads(base64.b64decode(envelope["message"]["data"]))
    assert data == {"emailAddress": "owner@example.com", "historyId": 42}
    assert envelope["message"]["messageId"] == "7"
    assert envelope["subscription"] == "projects/p/subscriptions/s"


def test_the_history_floor_can_be_set_at_start() -> None:
    with FakeGoogle(history_id=5000, history_floor=4000) as google:
        token = access_token(google)
        assert gmail(google, "history?startHistoryId=3999", token).status_code == 404
        assert gmail(google, "history?startHistoryId=4000", token).status_code == 200
