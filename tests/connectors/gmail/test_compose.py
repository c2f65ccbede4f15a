"""Composing replies and new mail: recipients, subject, threading, RFC 8058 unsubscribe, the
Gmail raw encoding, and header injection."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.gmail.compose import (
    MAX_REFERENCES,
    compose_reply,
    reply_subject,
    to_gmail_raw,
)
from connectors.gmail.errors import InvalidSenderAddress, InvalidUnsubscribeLink, NoRecipient
from connectors.gmail.mime import Address, ParsedMail, parse_message
from tests.connectors.gmail import samples

NOW = datetime(2024, 3, 6, 9, 30, tzinfo=UTC)
UNSUBSCRIBE_URL = "https://acme.example/unsubscribe/opaque-7f3a9c"
UNSUBSCRIBE_MAILTO = "mailto:unsubscribe@acme.example?subject=unsubscribe"


def reply(original: ParsedMail | None = None, **overrides: object) -> bytes:
    arguments: dict[str, object] = {
        "from_address": "sales@acme.example",
        "from_name": "Bob Smith",
        "body": "Order form attached.\nBob",
        "now": NOW,
    }
    arguments.update(overrides)
    message = compose_reply(original or parse_message(samples.gmail_reply()), **arguments)  # type: ignore[arg-type]
    return message.as_bytes()


def from_sender(sender: Address) -> ParsedMail:
    """A parsed mail whose only recipient for a reply is ``sender``, taken as given."""
    return replace(parse_message(samples.simple("x")), sender=sender, reply_to=())


def headers_of(raw: bytes) -> dict[str, list[str]]:
    """Every header field of ``raw`` as received: unfolded, not decoded."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n[ \t]", " ", head)
    fields: dict[str, list[str]] = {}
    for line in unfolded.split("\r\n"):
        name, _, value = line.partition(":")
        fields.setdefault(name.lower(), []).append(value.strip())
    return fields


# -- recipients, subject, threading ---------------------------------------------------------------


def test_reply_threads_under_the_original() -> None:
    fields = headers_of(reply())
    assert fields["in-reply-to"] == ["<CAJx7Fq3-QUOTED-ID@mail.gmail.com>"]
    assert fields["references"] == [
        "<CAB1root@mail.acme.example> <CAB2offer@mail.acme.example> "
        "<CAJx7Fq3-QUOTED-ID@mail.gmail.com>"
    ]
    assert fields["to"] == ["Priya Sharma <priya.sharma@example.in>"]
    assert fields["from"] == ["Bob Smith <sales@acme.example>"]
    assert fields["subject"] == ["Re: Pricing for 25 seats"]
    assert fields["date"] == ["Wed, 06 Mar 2024 09:30:00 +0000"]
    assert re.fullmatch(r"<[^<>@\s]+@acme\.example>", fields["message-id"][0])
    assert fields["content-type"] == ['text/plain; charset="utf-8"']
    assert fields["mime-version"] == ["1.0"]
    assert "list-unsubscribe" not in fields


def test_each_reply_has_a_fresh_message_id() -> None:
    assert headers_of(reply())["message-id"] != headers_of(reply())["message-id"]


def test_reply_to_wins_over_from() -> None:
    original = parse_message(
        samples.simple("hi", headers="Reply-To: Purchasing <buy@example.in>, cfo@example.in\n")
    )
    to = headers_of(reply(original))["to"]
    assert to == ["Purchasing <buy@example.in>, cfo@example.in"]


def test_no_message_id_still_composes_without_in_reply_to() -> None:
    original = parse_message(samples.crlf("From: a@example.org\nReferences: <r@x>\n\nhi\n"))
    fields = headers_of(reply(original))
    assert "in-reply-to" not in fields
    assert fields["references"] == ["<r@x>"]
    assert fields["subject"] == ["Re:"]


def test_invalid_ids_are_left_out() -> None:
    original = parse_message(
        samples.crlf("From: a@example.org\nMessage-ID: bare@id\nReferences: <x y> <ok@x>\n\nhi\n")
    )
    fields = headers_of(reply(original))
    assert fields["in-reply-to"] == ["<bare@id>"]
    assert fields["references"] == ["<ok@x> <bare@id>"]


def test_long_reference_chains_keep_the_root_and_the_latest() -> None:
    ids = [f"<id{i}@example.org>" for i in range(40)]
    original = parse_message(
        samples.crlf(
            f"From: a@example.org\nMessage-ID: <last@x>\nReferences: {' '.join(ids)}\n\nhi\n"
        )
    )
    references = headers_of(reply(original))["references"][0].split()
    assert len(references) == MAX_REFERENCES
    assert references[0] == "<id0@example.org>"
    assert references[1:] == [*ids[-(MAX_REFERENCES - 2) :], "<last@x>"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Pricing", "Re: Pricing"),
        ("Re: Pricing", "Re: Pricing"),
        ("RE: Pricing", "RE: Pricing"),
        ("re:Pricing", "re:Pricing"),
        ("RE : Prix", "RE : Prix"),
        ("AW: Angebot", "AW: Angebot"),
        ("Sv: Tilbud", "Sv: Tilbud"),
        ("Antw: Offerte", "Antw: Offerte"),
        ("Re[2]: Pricing", "Re[2]: Pricing"),
        ("回复：价格", "回复：价格"),
        ("Fwd: Pricing", "Re: Fwd: Pricing"),
        ("Regarding pricing", "Re: Regarding pricing"),
        ("Rest of the order", "Re: Rest of the order"),
        ("", "Re:"),
    ],
)
def test_reply_subject(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


@pytest.mark.parametrize("sender", ["undisclosed-recipients:;", "bob@example.", "a@b@c"])
def test_reply_without_any_recipient_is_refused(sender: str) -> None:
    original = parse_message(samples.crlf(f"From: {sender}\nSubject: x\n\nhi\n"))
    with pytest.raises(NoRecipient):
        reply(original)


@pytest.mark.parametrize("address", ["bob@example.", "bob@exa mple.com", "<bob@example.com>"])
def test_recipients_the_address_parser_rejects_are_skipped(address: str) -> None:
    with pytest.raises(NoRecipient):
        reply(from_sender(Address(name="Bob", address=address)))


@pytest.mark.parametrize(
    "address", ["Bob <sales@acme.example>", "sales", "sales@", "a b@acme.example", "x@y\r\nBcc: z"]
)
def test_invalid_sender_address(address: str) -> None:
    with pytest.raises(InvalidSenderAddress) as error:
        reply(from_address=address)
    assert address not in str(error.value)


# -- the body and the encoding --------------------------------------------------------------------


def test_non_ascii_name_and_body_round_trip() -> None:
    raw = reply(from_name="बॉब स्मिथ, Sales", body="नमस्ते Priya,\r\nthe price is 4 000 €.\n")
    raw.decode("ascii")  # headers encoded, body transfer-encoded: 7-bit clean
    assert b"\n" not in raw.replace(b"\r\n", b"")
    parsed = message_from_bytes(raw, policy=policy.default)
    assert str(parsed["From"]) == '"बॉब स्मिथ, Sales" <sales@acme.example>'
    assert parsed.get_content().replace("\r\n", "\n") == "नमस्ते Priya,\nthe price is 4 000 €.\n"


def test_naive_now_is_utc_and_aware_now_keeps_its_offset() -> None:
    assert headers_of(reply(now=datetime(2024, 3, 6, 9, 30)))["date"] == [
        "Wed, 06 Mar 2024 09:30:00 +0000"
    ]
    ist = timezone(timedelta(hours=5, minutes=30))
    assert headers_of(reply(now=datetime(2024, 3, 6, 15, 0, tzinfo=ist)))["date"] == [
        "Wed, 06 Mar 2024 15:00:00 +0530"
    ]


def test_gmail_raw_decodes_to_the_same_bytes() -> None:
    message = compose_reply(
        parse_message(samples.gmail_reply()),
        from_address="sales@acme.example",
        from_name="Bob",
        body="x" * 500 + "\n€",
        now=NOW,
    )
    raw = to_gmail_raw(message)
    assert re.fullmatch(r"[A-Za-z0-9_-]+=*", raw)
    assert base64.urlsafe_b64decode(raw) == message.as_bytes()


# -- RFC 8058 unsubscribe -------------------------------------------------------------------------


def test_one_click_unsubscribe_headers() -> None:
    fields = headers_of(
        reply(unsubscribe_url=UNSUBSCRIBE_URL, unsubscribe_mailto=UNSUBSCRIBE_MAILTO)
    )
    assert fields["list-unsubscribe"] == [f"<{UNSUBSCRIBE_URL}>, <{UNSUBSCRIBE_MAILTO}>"]
    assert fields["list-unsubscribe-post"] == ["List-Unsubscribe=One-Click"]


def test_long_unsubscribe_url_is_folded_not_encoded() -> None:
    url = "https://acme.example/u/" + "t" * 300
    raw = reply(unsubscribe_url=url, unsubscribe_mailto=UNSUBSCRIBE_MAILTO)
    assert f"<{url}>".encode() in raw
    assert headers_of(raw)["list-unsubscribe"] == [f"<{url}>, <{UNSUBSCRIBE_MAILTO}>"]
    assert b"=?utf-8?" not in raw


def test_mailto_only_has_no_one_click() -> None:
    fields = headers_of(reply(unsubscribe_mailto=UNSUBSCRIBE_MAILTO))
    assert fields["list-unsubscribe"] == [f"<{UNSUBSCRIBE_MAILTO}>"]
    assert "list-unsubscribe-post" not in fields


@pytest.mark.parametrize(
    ("url", "mailto"),
    [
        ("http://acme.example/unsubscribe", None),
        ("javascript:alert(1)", None),
        ("https:///no-host", None),
        ("https://acme.example/a b", None),
        ("https://acme.example/a>\r\nBcc: x@y.z", None),
        ("https://acme.example/a,b", None),
        ("https://acme.example/" + "x" * 1000, None),
        (UNSUBSCRIBE_URL, "unsubscribe@acme.example"),
        (UNSUBSCRIBE_URL, "mailto:nobody"),
        (UNSUBSCRIBE_URL, "mailto:a@b.c>, <https://evil.example"),
    ],
)
def test_bad_unsubscribe_targets_are_refused(url: str, mailto: str | None) -> None:
    with pytest.raises(InvalidUnsubscribeLink):
        reply(unsubscribe_url=url, unsubscribe_mailto=mailto)


# -- header injection -----------------------------------------------------------------------------


def test_line_breaks_in_the_name_cannot_add_headers() -> None:
    fields = headers_of(reply(from_name="Bob\r\nBcc: victim@example.org\nX-Evil: 1"))
    assert "bcc" not in fields and "x-evil" not in fields
    assert len(fields["from"]) == 1


def test_encoded_line_breaks_in_the_original_subject_cannot_add_headers() -> None:
    original = parse_message(
        samples.crlf(
            "From: a@example.org\nSubject: =?utf-8?q?Hi=0D=0ABcc=3A_victim=40x=2Ey?=\n\nx\n"
        )
    )
    fields = headers_of(reply(original))
    assert "bcc" not in fields
    assert fields["subject"] == ["Re: Hi Bcc: victim@x.y"]


def test_line_breaks_in_recipient_names_cannot_add_headers() -> None:
    sender = Address(name="Priya\r\nBcc: victim@example.org", address="priya@example.in")
    fields = headers_of(reply(from_sender(sender)))
    assert "bcc" not in fields
    assert len(fields["to"]) == 1


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=60), subject=st.text(max_size=120))
def test_no_text_starts_a_header(name: str, subject: str) -> None:
    original = replace(
        from_sender(Address(name=name, address="priya@example.in")),
        subject=subject,
        message_id=None,
        references=(),
    )
    message = compose_reply(
        original, from_address="sales@acme.example", from_name=name, body="x", now=NOW
    )
    fields = headers_of(message.as_bytes())
    assert set(fields) == {"from", "to", "subject", "date", "message-id"} | {
        "content-type",
        "content-transfer-encoding",
        "mime-version",
    }


# -- round trips ----------------------------------------------------------------------------------

_ID = st.from_regex(r"<[A-Za-z0-9.$%+_-]{1,30}@[a-z0-9-]{1,20}(\.[a-z]{2,6}){1,2}>", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(
    subject=st.text(st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=80),
    message_id=_ID,
    references=st.lists(_ID, max_size=30, unique=True),
)
def test_compose_then_parse_keeps_subject_and_threading(
    subject: str, message_id: str, references: list[str]
) -> None:
    raw = samples.crlf(
        f"From: Priya <priya@example.in>\nSubject: {subject}\nMessage-ID: {message_id}\n"
        f"References: {' '.join(references)}\n\nhi\n"
    )
    original = parse_message(raw)
    answer = parse_message(reply(original))
    expected = reply_subject(original.subject)
    assert answer.subject == expected
    assert answer.in_reply_to == message_id
    chain = [ref for ref in references if ref != message_id] + [message_id]
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    assert list(answer.references) == chain
    assert answer.to == (Address(name="Priya", address="priya@example.in"),)
    again = parse_message(
        compose_reply(
            answer, from_address="priya@example.in", from_name=None, body="ok", now=NOW
        ).as_bytes()
    )
    assert again.subject == expected  # "Re:" is not stacked
    assert again.references[-2:] == (message_id, answer.message_id)
