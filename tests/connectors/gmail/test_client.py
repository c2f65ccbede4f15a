"""GmailClient over real HTTP against the fake Google: every method, the batch and send traps,
paging, retries with backoff, and how each failure is reported."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import httplib2
import pytest
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.http import MediaInMemoryUpload

from connectors.gmail.api_errors import gmail_errors
from connectors.gmail.client import MAX_BATCH_SIZE, GmailClient
from connectors.gmail.credentials import load_authorized_user
from connectors.gmail.errors import (
    GmailUnavailable,
    HistoryExpired,
    MalformedResponse,
    MessageGone,
    PermissionDenied,
    RequestRejected,
    TokenRevoked,
    Unauthorized,
)
from fakes.gmail_api import READONLY, SEND, FakeGoogle
from tests.connectors.gmail.conftest import Sleeps, inbound_mail


def reply_raw(thread_subject: str = "Re: Pricing question") -> str:
    message = EmailMessage()
    message["From"] = "owner@example.com"
    message["To"] = "dana@prospect.example"
    message["Subject"] = thread_subject
    message["In-Reply-To"] = "<abc123@prospect.example>"
    message.set_content("The Pro plan is 49 EUR a seat.")
    return base64.urlsafe_b64encode(message.as_bytes()).decode("ascii")


def gmail_calls(google: FakeGoogle, path: str) -> list[str]:
    """Paths of the requests (batch parts included) under ``path``."""
    return [r.path for r in google.requests if r.path.startswith(path)]


# -- mailbox, watch ------------------------------------------------------------------------


@pytest.mark.parametrize("slash", ["", "/"])
def test_the_profile_is_read_from_the_configured_base_with_or_without_slash(
    google: FakeGoogle, credentials: Credentials, slash: str
) -> None:
    google.add_inbound(inbound_mail())
    base = google.base_url.rstrip("/") + slash
    with GmailClient(credentials, api_base=base) as client:
        profile = client.get_profile()
    assert profile.email_address == "owner@example.com"
    assert profile.history_id == google.history_id and profile.messages_total == 1
    assert "owner@example.com" not in repr(profile)
    assert gmail_calls(google, "/gmail/v1/users/me/profile")


def test_watch_sends_topic_and_labels_and_returns_the_expiration(
    google: FakeGoogle, client: GmailClient
) -> None:
    watch = client.watch("projects/aspinix/topics/gmail")
    (call,) = google.watches
    assert call.topic_name == "projects/aspinix/topics/gmail"
    assert call.label_ids == ("INBOX",) and call.label_filter_behavior == "include"
    assert watch.history_id == google.history_id
    in_a_week = datetime.now(UTC) + timedelta(days=7)
    assert abs(watch.expiration - in_a_week) < timedelta(minutes=1)


def test_a_badly_named_topic_is_rejected_with_the_reason(client: GmailClient) -> None:
    with pytest.raises(RequestRejected) as caught:
        client.watch("my-topic")
    assert caught.value.status == 400 and caught.value.reason == "invalidArgument"


def test_stop_ends_the_watch(google: FakeGoogle, client: GmailClient) -> None:
    client.stop()
    assert google.stops == 1


# -- history -------------------------------------------------------------------------------


def test_history_returns_the_inbox_additions_since_the_start_in_order(
    google: FakeGoogle, client: GmailClient
) -> None:
    start = client.get_profile().history_id
    first, _ = google.add_inbound(inbound_mail("one"))
    google.add_inbound(inbound_mail("spam"), labels=("SPAM",))
    second, _ = google.add_inbound(inbound_mail("two"))

    page = client.history_since(start)

    assert page.message_ids == (first, second)
    assert page.history_id == google.history_id
    (request,) = gmail_calls(google, "/gmail/v1/users/me/history")
    assert "historyTypes=messageAdded" in request and "labelId=INBOX" in request


def test_history_follows_every_page(google: FakeGoogle, client: GmailClient) -> None:
    start = client.get_profile().history_id
    added = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(1101)]

    page = client.history_since(start)

    assert page.message_ids == tuple(added)
    requests = gmail_calls(google, "/gmail/v1/users/me/history")
    assert len(requests) == 3 and "pageToken" not in requests[0]
    assert all("pageToken=" in r for r in requests[1:])


def test_no_change_gives_no_ids_and_the_same_history_id(
    google: FakeGoogle, client: GmailClient
) -> None:
    start = client.get_profile().history_id
    assert client.history_since(start).message_ids == ()
    assert client.history_since(start).history_id == start


def test_history_older_than_gmail_keeps_raises_history_expired(
    google: FakeGoogle, client: GmailClient
) -> None:
    start = client.get_profile().history_id
    google.add_inbound(inbound_mail())
    google.expire_history_before(google.history_id)
    with pytest.raises(HistoryExpired):
        client.history_since(start)


# -- messages ------------------------------------------------------------------------------


def test_recent_message_ids_are_newest_first_and_bounded(
    google: FakeGoogle, client: GmailClient
) -> None:
    ids = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(5)]
    google.add_inbound(inbound_mail("archived"), labels=("CATEGORY_UPDATES",))
    assert client.recent_message_ids(3) == tuple(reversed(ids))[:3]
    assert client.recent_message_ids(50) == tuple(reversed(ids))
    assert len(client.recent_message_ids(50, label_id=None)) == 6


def test_recent_message_ids_pages_until_it_has_enough(
    google: FakeGoogle, client: GmailClient
) -> None:
    ids = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(620)]
    assert client.recent_message_ids(600) == tuple(reversed(ids))[:600]
    assert len(gmail_calls(google, "/gmail/v1/users/me/messages?")) == 2


def test_get_raw_returns_the_exact_bytes_and_metadata(
    google: FakeGoogle, client: GmailClient
) -> None:
    raw = inbound_mail()
    message_id, thread_id = google.add_inbound(raw)

    message = client.get_raw(message_id)

    assert message.raw == raw  # the fake sends base64url without padding, as Gmail does
    assert (message.id, message.thread_id) == (message_id, thread_id)
    assert message.label_ids == ("INBOX", "UNREAD")
    assert message.internal_date.tzinfo is UTC
    assert abs(message.internal_date - datetime.now(UTC)) < timedelta(minutes=1)
    assert "Pricing" not in repr(message)
    (request,) = gmail_calls(google, f"/gmail/v1/users/me/messages/{message_id}")
    assert "format=raw" in request


def test_a_deleted_message_raises_message_gone_without_its_id_in_the_text(
    google: FakeGoogle, client: GmailClient
) -> None:
    message_id, _ = google.add_inbound(inbound_mail())
    google.delete(message_id)
    with pytest.raises(MessageGone) as caught:
        client.get_raw(message_id)
    assert caught.value.message_id == message_id and message_id not in str(caught.value)


# -- batch (trap b) ------------------------------------------------------------------------


def test_the_library_batch_would_go_to_googles_host_and_uploads_keep_https(
    google: FakeGoogle,
) -> None:
    """Both traps shown without network, so a library upgrade that fixes or moves them shows."""
    service = build(
        "gmail",
        "v1",
        http=httplib2.Http(),
        client_options={"api_endpoint": google.base_url},
        static_discovery=True,
        cache_discovery=False,
    )
    assert service.new_batch_http_request()._batch_uri == "https://gmail.googleapis.com/batch"
    upload = MediaInMemoryUpload(b"To: a@b.example\r\n\r\nhi", mimetype="message/rfc822")
    request = service.users().messages().send(userId="me", body={}, media_body=upload)
    origin = google.base_url.removeprefix("http://").rstrip("/")
    assert request.uri.startswith(f"https://{origin}/upload/gmail/v1/")
    json_send = service.users().messages().send(userId="me", body={"raw": "eA"})
    assert json_send.uri.startswith(f"{google.base_url}gmail/v1/users/me/messages/send")


def test_get_raw_many_batches_to_the_configured_host_not_googles(
    google: FakeGoogle, client: GmailClient
) -> None:
    ids = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(3)]

    messages = client.get_raw_many(ids)

    assert [m.id for m in messages] == ids
    (batch,) = [r for r in google.requests if r.path == "/batch/gmail/v1"]
    assert batch.method == "POST" and batch.headers["content-type"].startswith("multipart/mixed")
    parts = [r for r in google.requests if r.via_batch]
    assert [p.path.split("?")[0].rsplit("/", 1)[1] for p in parts] == ids
    assert all("format=raw" in p.path for p in parts)
    assert not [r for r in google.requests if r.path.startswith("/gmail/") and not r.via_batch]


def test_get_raw_many_keeps_order_drops_repeats_and_skips_deleted(
    google: FakeGoogle, client: GmailClient
) -> None:
    a, b, c = (google.add_inbound(inbound_mail(s))[0] for s in "abc")
    google.delete(b)
    assert [m.id for m in client.get_raw_many([c, a, b, c])] == [c, a]


def test_get_raw_many_sends_at_most_fifty_per_batch(
    google: FakeGoogle, client: GmailClient
) -> None:
    ids = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(120)]
    assert [m.id for m in client.get_raw_many(ids)] == ids
    assert len([r for r in google.requests if r.path == "/batch/gmail/v1"]) == 3
    assert MAX_BATCH_SIZE == 50
    assert client.get_raw_many([]) == []


def test_rate_limited_parts_of_a_batch_are_retried(
    google: FakeGoogle, client: GmailClient, sleeps: Sleeps
) -> None:
    ids = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(4)]
    google.fail_next(429, times=2)  # the first two parts of the first batch
    assert [m.id for m in client.get_raw_many(ids)] == ids
    batches = [r for r in google.requests if r.path == "/batch/gmail/v1"]
    assert len(batches) == 2 and len(sleeps) == 1
    assert len([r for r in google.requests if r.via_batch]) == 6  # 4, then the 2 that failed


def test_a_whole_batch_failing_once_is_sent_again(google: FakeGoogle, client: GmailClient) -> None:
    ids = [google.add_inbound(inbound_mail(f"n{i}"))[0] for i in range(2)]
    google.fail_next(503, path="/batch/")
    assert [m.id for m in client.get_raw_many(ids)] == ids


def test_batch_parts_failing_for_good_raise_gmail_unavailable(
    google: FakeGoogle, client: GmailClient, sleeps: Sleeps
) -> None:
    (message_id, _) = google.add_inbound(inbound_mail())
    google.fail_next(500, times=100)
    with pytest.raises(GmailUnavailable):
        client.get_raw_many([message_id])
    assert len([r for r in google.requests if r.via_batch]) == 4 and len(sleeps) == 3


# -- send (trap c) -------------------------------------------------------------------------


def test_send_posts_json_to_the_configured_host_in_the_thread(
    google: FakeGoogle, client: GmailClient
) -> None:
    _, thread_id = google.add_inbound(inbound_mail())
    raw = reply_raw()

    sent = client.send(raw, thread_id)

    (request,) = [r for r in google.requests if r.method == "POST" and "send" in r.path]
    assert request.path.startswith("/gmail/v1/users/me/messages/send")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {"raw": raw, "threadId": thread_id}
    (mail,) = google.sent
    assert (sent.id, sent.thread_id) == (mail.id, thread_id)
    assert mail.message["Subject"] == "Re: Pricing question"
    assert mail.message.get_content().strip() == "The Pro plan is 49 EUR a seat."


def test_send_without_thread_starts_a_new_one(google: FakeGoogle, client: GmailClient) -> None:
    sent = client.send(reply_raw("Hello"))
    assert sent.thread_id == sent.id == google.sent[0].id
    assert "threadId" not in json.loads(google.requests[-1].body)


def test_send_without_the_send_scope_raises_permission_denied(google: FakeGoogle) -> None:
    info = google.authorized_user_info(google.issue_refresh_token(scopes=[READONLY]))
    client = GmailClient(load_authorized_user(info), api_base=google.base_url)
    with client, pytest.raises(PermissionDenied) as caught:
        client.send(reply_raw())
    assert caught.value.reason == "insufficientPermissions"
    assert google.sent == []


# -- retries and failures ------------------------------------------------------------------


def test_rate_limited_twice_then_served(
    google: FakeGoogle, client: GmailClient, sleeps: Sleeps
) -> None:
    google.fail_next(429, times=2)
    assert client.get_profile().email_address == "owner@example.com"
    assert len(gmail_calls(google, "/gmail/v1/users/me/profile")) == 3
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 2 and 0 <= sleeps[1] <= 4


def test_a_persistent_server_error_raises_gmail_unavailable_after_the_retries(
    google: FakeGoogle, client: GmailClient, sleeps: Sleeps
) -> None:
    google.fail_next(500, times=100)
    with pytest.raises(GmailUnavailable) as caught:
        client.get_profile()
    assert caught.value.status == 500
    assert len(gmail_calls(google, "/gmail/v1/")) == 4 and len(sleeps) == 3


def test_an_expired_access_token_is_refreshed_and_the_call_repeated(
    google: FakeGoogle, client: GmailClient
) -> None:
    client.get_profile()
    google.expire_access_tokens()  # Gmail now answers 401 to the token the client holds
    client.get_profile()
    assert len(google.requests_to("/token")) == 2


def test_a_revoked_grant_surfaces_as_token_revoked(google: FakeGoogle, client: GmailClient) -> None:
    client.get_profile()
    google.revoke_all()  # the access token dies with the grant: 401, then invalid_grant
    with pytest.raises(TokenRevoked):
        client.get_profile()
    with pytest.raises(TokenRevoked):
        client.get_raw_many(["18f0a0b0c0d001d3"])


def test_a_401_that_survives_a_refresh_raises_unauthorized(
    google: FakeGoogle, client: GmailClient
) -> None:
    google.fail_next(401, times=10)
    with pytest.raises(Unauthorized):
        client.get_profile()


def test_a_timeout_raises_gmail_unavailable(google: FakeGoogle, credentials: Credentials) -> None:
    with GmailClient(credentials, api_base=google.base_url, timeout=0.3, num_retries=0) as client:
        client.get_profile()  # the token is fetched before the delay applies
        google.delay_next(3)
        with pytest.raises(GmailUnavailable, match="TimeoutError"):
            client.get_profile()


def test_an_unreachable_gmail_raises_gmail_unavailable(credentials: Credentials) -> None:
    with FakeGoogle() as gone:
        base = gone.base_url
    client = GmailClient(credentials, api_base=base, num_retries=1, sleep=Sleeps())
    with pytest.raises(GmailUnavailable):
        client.get_profile()


def test_a_base_that_is_not_a_url_is_refused(credentials: Credentials) -> None:
    with pytest.raises(ValueError, match="api_base"):
        GmailClient(credentials, api_base="gmail.googleapis.com")


def test_a_rate_limit_403_is_retried_like_a_429(
    google: FakeGoogle, client: GmailClient, sleeps: Sleeps
) -> None:
    google.fail_next(403, times=2, reason="userRateLimitExceeded")
    client.get_profile()
    assert len(sleeps) == 2


def test_a_rate_limit_403_that_persists_is_unavailable_not_denied(
    google: FakeGoogle, client: GmailClient
) -> None:
    google.fail_next(403, times=10, reason="rateLimitExceeded")
    with pytest.raises(GmailUnavailable):
        client.get_profile()


def test_a_forbidden_403_fails_at_once(
    google: FakeGoogle, client: GmailClient, sleeps: Sleeps
) -> None:
    google.fail_next(403, reason="forbidden")
    with pytest.raises(PermissionDenied) as caught:
        client.get_profile()
    assert caught.value.reason == "forbidden" and sleeps == []


def test_batch_parts_refused_for_scope_raise_permission_denied(google: FakeGoogle) -> None:
    (message_id, _) = google.add_inbound(inbound_mail())
    info = google.authorized_user_info(google.issue_refresh_token(scopes=[SEND]))
    client = GmailClient(load_authorized_user(info), api_base=google.base_url)
    with client, pytest.raises(PermissionDenied):
        client.get_raw_many([message_id])


def test_an_answer_that_is_not_json_is_a_malformed_response() -> None:
    with pytest.raises(MalformedResponse), gmail_errors():
        json.loads(b"<html>")


def test_the_default_base_is_gmail_and_building_the_client_needs_no_network(
    credentials: Credentials, loopback_only: list[str]
) -> None:
    with GmailClient(credentials) as client:
        assert client.api_base == "https://gmail.googleapis.com/"
        assert client.batch_uri == "https://gmail.googleapis.com/batch/gmail/v1"
    assert loopback_only == []
