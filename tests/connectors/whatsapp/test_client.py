"""The Graph API client over real HTTP against the fake Cloud API: request shape, addressing by
phone or BSUID, retries with backoff and Retry-After, immediate failures, rate limiting."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from connectors.whatsapp.client import MAX_TEXT_CHARS, GraphClient, Recipient
from connectors.whatsapp.errors import EmptyText, SendFailed, TextTooLong
from connectors.whatsapp.rate_limit import SendRateLimiter
from fakes.graph_api import DEFAULT_TOKEN, Delay, Drop, FakeGraphAPI, GraphError

PHONE_NUMBER_ID = "106540352242922"
WA_ID = "16505551234"
BSUID = "US.13491208655302741918"
TEXT = "Our Pro plan is 49 EUR a seat."


class Sleeps(list[float]):
    """An injected sleep that records each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(graph: FakeGraphAPI, sleeps: Sleeps | None = None, **options: object) -> GraphClient:
    return GraphClient(
        graph.base_url,
        PHONE_NUMBER_ID,
        DEFAULT_TOKEN,
        sleep=sleeps if sleeps is not None else Sleeps(),
        **options,  # type: ignore[arg-type]
    )


# -- success and request shape ------------------------------------------------------------------


def test_a_text_is_posted_in_meta_format_and_the_wamid_returned(graph: FakeGraphAPI) -> None:
    with client_for(graph) as client:
        wamid = client.send_text(Recipient(wa_id=WA_ID), TEXT)
    ((accepted_wamid, _),) = graph.accepted()
    assert wamid == accepted_wamid and wamid.startswith("wamid.")
    request = graph.last_request
    assert (request.method, request.path) == ("POST", f"/v23.0/{PHONE_NUMBER_ID}/messages")
    assert request.headers["authorization"] == f"Bearer {DEFAULT_TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": WA_ID,
        "type": "text",
        "text": {"preview_url": False, "body": TEXT},
    }
    assert graph.sent_texts() == [(WA_ID, TEXT)]


def test_a_reply_quotes_the_customer_message(graph: FakeGraphAPI) -> None:
    with client_for(graph) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT, reply_to="wamid.CUSTOMER")
    assert graph.last_request.json["context"] == {"message_id": "wamid.CUSTOMER"}


def test_a_bsuid_only_recipient_is_addressed_with_the_recipient_field(graph: FakeGraphAPI) -> None:
    with client_for(graph) as client:
        client.send_text(Recipient(bsuid=BSUID), TEXT)
    body = graph.last_request.json
    assert body["recipient"] == BSUID and "to" not in body
    assert body["recipient_type"] == "individual"
    assert graph.sent_texts() == [(BSUID, TEXT)]


def test_the_phone_is_preferred_when_both_are_known(graph: FakeGraphAPI) -> None:
    with client_for(graph) as client:
        client.send_text(Recipient(wa_id=WA_ID, bsuid=BSUID), TEXT)
    body = graph.last_request.json
    assert body["to"] == WA_ID and "recipient" not in body


def test_a_template_is_posted_with_language_and_components(graph: FakeGraphAPI) -> None:
    components = [{"type": "body", "parameters": [{"type": "text", "text": "Sheena"}]}]
    with client_for(graph) as client:
        wamid = client.send_template(Recipient(bsuid=BSUID), "follow_up", "en_US", components)
    assert wamid == graph.accepted()[0][0]
    assert graph.last_request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "recipient": BSUID,
        "type": "template",
        "template": {"name": "follow_up", "language": {"code": "en_US"}, "components": components},
    }


def test_a_template_without_variables_has_no_components(graph: FakeGraphAPI) -> None:
    with client_for(graph) as client:
        client.send_template(Recipient(wa_id=WA_ID), "hello_world", "en_US")
    assert "components" not in graph.last_request.json["template"]


def test_a_trailing_slash_in_the_api_base_is_harmless(graph: FakeGraphAPI) -> None:
    with GraphClient(graph.base_url + "/", PHONE_NUMBER_ID, DEFAULT_TOKEN) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert graph.last_request.path == f"/v23.0/{PHONE_NUMBER_ID}/messages"


# -- checks before sending ----------------------------------------------------------------------


def test_text_up_to_4096_characters_is_sent_and_longer_is_refused_unsent(
    graph: FakeGraphAPI,
) -> None:
    with client_for(graph) as client:
        client.send_text(Recipient(wa_id=WA_ID), "x" * MAX_TEXT_CHARS)
        with pytest.raises(TextTooLong, match="4097 characters long"):
            client.send_text(Recipient(wa_id=WA_ID), "x" * (MAX_TEXT_CHARS + 1))
    assert len(graph.requests) == 1


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_text_is_refused_unsent(graph: FakeGraphAPI, text: str) -> None:
    with client_for(graph) as client, pytest.raises(EmptyText):
        client.send_text(Recipient(wa_id=WA_ID), text)
    assert graph.requests == []


def test_a_recipient_needs_an_identifier_and_hides_it_in_repr() -> None:
    with pytest.raises(ValueError, match=r"wa_id .* or a bsuid"):
        Recipient()
    with pytest.raises(ValueError):
        Recipient(wa_id="", bsuid="")
    shown = repr(Recipient(wa_id=WA_ID, bsuid=BSUID))
    assert WA_ID not in shown and BSUID not in shown


@pytest.mark.parametrize(
    ("arguments", "options", "problem"),
    [
        (("graph.facebook.com/v23.0", "1", "t"), {}, "http"),
        (("https://graph.facebook.com/v23.0", "", "t"), {}, "phone_number_id is empty"),
        (("https://graph.facebook.com/v23.0", "1", ""), {}, "access_token is empty"),
        (("https://graph.facebook.com/v23.0", "1", "t"), {"max_attempts": 0}, "at least 1"),
        (("https://graph.facebook.com/v23.0", "1", "t"), {"base_delay": -1.0}, "negative"),
    ],
)
def test_bad_configuration_is_refused_at_construction(
    arguments: tuple[str, str, str], options: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        GraphClient(*arguments, **options)  # type: ignore[arg-type]


# -- retries ------------------------------------------------------------------------------------


def test_a_500_is_retried_after_a_jittered_wait_and_then_succeeds(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(500, 1, "An unknown error occurred", type="OAuthException"))
    sleeps = Sleeps()
    with client_for(graph, sleeps, base_delay=0.5) as client:
        wamid = client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert wamid == graph.accepted()[0][0]
    assert len(graph.requests) == 2 and len(sleeps) == 1
    assert 0.0 <= sleeps[0] <= 0.5


def test_waits_grow_exponentially_up_to_max_delay_and_then_it_gives_up(
    graph: FakeGraphAPI,
) -> None:
    graph.script(*[GraphError(503, 2, "Service temporarily unavailable")] * 6)
    sleeps = Sleeps()
    client = client_for(graph, sleeps, max_attempts=6, base_delay=1.0, max_delay=5.0)
    with client, pytest.raises(SendFailed) as raised:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    error = raised.value
    assert (error.status, error.code, error.reason) == (503, 2, "transient_exhausted")
    assert "6 attempts failed, the last with graph_error_2" in str(error)
    assert len(graph.requests) == 6 and len(sleeps) == 5
    for wait, ceiling in zip(sleeps, [1.0, 2.0, 4.0, 5.0, 5.0], strict=True):
        assert 0.0 <= wait <= ceiling


def test_429_honours_retry_after(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(429, 4, "Application request limit reached", retry_after="3"))
    sleeps = Sleeps()
    with client_for(graph, sleeps) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert sleeps == [3.0]


def test_retry_after_is_capped_at_max_delay(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(429, 4, retry_after="3600"))
    sleeps = Sleeps()
    with client_for(graph, sleeps, max_delay=8.0) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert sleeps == [8.0]


def test_retry_after_as_an_http_date_is_honoured(graph: FakeGraphAPI) -> None:
    at = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    graph.script(GraphError(503, 2, retry_after=at))
    sleeps = Sleeps()
    with client_for(graph, sleeps) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert 3.0 <= sleeps[0] <= 5.0


def test_an_unusable_retry_after_falls_back_to_backoff(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(429, 4, retry_after="soon"))
    sleeps = Sleeps()
    with client_for(graph, sleeps, base_delay=0.25) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert 0.0 <= sleeps[0] <= 0.25


@pytest.mark.parametrize("code", [130429, 131056, 80007])
def test_throughput_errors_sent_as_400_are_retried(graph: FakeGraphAPI, code: int) -> None:
    graph.script(GraphError(400, code, "Rate limit hit"))
    with client_for(graph) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert len(graph.requests) == 2


def test_a_timeout_is_retried(graph: FakeGraphAPI) -> None:
    graph.script(Delay(2.0))
    with client_for(graph, timeout=0.3) as client:
        wamid = client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert len(graph.requests) == 2
    assert wamid == graph.accepted()[-1][0]


def test_a_dropped_connection_is_retried(graph: FakeGraphAPI) -> None:
    graph.script(Drop())
    with client_for(graph) as client:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert len(graph.requests) == 2 and len(graph.accepted()) == 1


def test_an_unreachable_api_fails_after_all_attempts_without_a_status() -> None:
    with FakeGraphAPI() as graph:
        base_url = graph.base_url
    sleeps = Sleeps()
    client = GraphClient(base_url, PHONE_NUMBER_ID, DEFAULT_TOKEN, sleep=sleeps)
    with client, pytest.raises(SendFailed) as raised:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert (raised.value.status, raised.value.code) == (None, None)
    assert raised.value.reason == "transient_exhausted"
    assert "connection_error" in str(raised.value) and len(sleeps) == 3


# -- immediate failures -------------------------------------------------------------------------


def test_a_400_fails_at_once_with_the_graph_code_and_an_actionable_message(
    graph: FakeGraphAPI,
) -> None:
    graph.script(GraphError(400, 131047, "Re-engagement message"))
    sleeps = Sleeps()
    with client_for(graph, sleeps) as client, pytest.raises(SendFailed) as raised:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    error = raised.value
    assert (error.status, error.code, error.reason) == (400, 131047, "graph_error_131047")
    assert "approved template" in str(error)
    assert len(graph.requests) == 1 and sleeps == []
    for secret in (TEXT, WA_ID):
        assert secret not in str(error)


def test_a_wrong_token_fails_with_code_190(graph: FakeGraphAPI) -> None:
    client = GraphClient(graph.base_url, PHONE_NUMBER_ID, "stale-token")
    with client, pytest.raises(SendFailed) as raised:
        client.send_template(Recipient(wa_id=WA_ID), "hello_world", "en_US")
    assert (raised.value.status, raised.value.code, raised.value.reason) == (
        401,
        190,
        "graph_error_190",
    )
    assert "access token" in str(raised.value)


def test_an_unknown_graph_code_still_fails_with_it(graph: FakeGraphAPI) -> None:
    graph.script(GraphError(403, 999999, "Something new"))
    with client_for(graph) as client, pytest.raises(SendFailed) as raised:
        client.send_text(Recipient(bsuid=BSUID), TEXT)
    assert (raised.value.code, raised.value.reason) == (999999, "graph_error_999999")
    assert "error codes" in str(raised.value) and BSUID not in str(raised.value)


def test_a_wrong_api_base_fails_at_once(graph: FakeGraphAPI) -> None:
    client = GraphClient(f"{graph.base_url}/extra", PHONE_NUMBER_ID, DEFAULT_TOKEN)
    with client, pytest.raises(SendFailed) as raised:
        client.send_text(Recipient(wa_id=WA_ID), TEXT)
    assert (raised.value.status, raised.value.reason) == (404, "graph_error_100")


def _transport(status: int, content: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content))


@pytest.mark.parametrize(
    ("status", "content", "reason"),
    [
        (200, b'{"messages": []}', "unexpected_response"),
        (200, b"<html>ok</html>", "unexpected_response"),
        (200, b'{"messages": [{"id": 7}]}', "unexpected_response"),
        (418, b"<html>teapot</html>", "http_418"),
        (400, b'{"error": {"code": "131047"}}', "graph_error_131047"),
        (400, b'{"error": {"code": true}}', "http_400"),
    ],
)
def test_odd_responses_fail_without_retry(status: int, content: bytes, reason: str) -> None:
    sleeps = Sleeps()
    with httpx.Client(transport=_transport(status, content)) as http:
        client = GraphClient("https://graph.test/v23.0", "1", "t", http=http, sleep=sleeps)
        with pytest.raises(SendFailed) as raised:
            client.send_text(Recipient(wa_id=WA_ID), TEXT)
        client.close()  # not ours to close: the caller's client stays usable
        assert not http.is_closed
    assert raised.value.reason == reason and sleeps == []


def test_retry_logs_carry_no_text_or_recipient(
    graph: FakeGraphAPI, caplog: pytest.LogCaptureFixture
) -> None:
    graph.script(GraphError(500, 1), GraphError(429, 4, retry_after="1"))
    with caplog.at_level(logging.DEBUG), client_for(graph) as client:
        client.send_text(Recipient(wa_id=WA_ID, bsuid=BSUID), TEXT)
    assert len(caplog.records) >= 2
    for secret in (TEXT, WA_ID, BSUID, DEFAULT_TOKEN):
        assert secret not in caplog.text


# -- rate limiting ------------------------------------------------------------------------------


def test_the_rate_limiter_spaces_a_burst_of_sends(graph: FakeGraphAPI) -> None:
    limiter = SendRateLimiter("memory://", per_second=5)
    with client_for(graph, rate_limiter=limiter) as client:
        started = time.monotonic()
        for n in range(7):
            client.send_text(Recipient(wa_id=WA_ID), f"message {n}")
        elapsed = time.monotonic() - started
    assert len(graph.sent_texts()) == 7
    assert elapsed >= 0.9  # the 6th and 7th waited for the first second's budget to free up
