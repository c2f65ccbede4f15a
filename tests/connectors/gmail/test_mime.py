"""Parsing raw messages: headers, the new text without history or signature, charsets,
attachments, automation fields, and nothing but MalformedMail/MailTooLarge for any bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.gmail.errors import MailTooLarge, MalformedMail
from connectors.gmail.mime import Address, Attachment, ParsedMail, parse_message
from connectors.gmail.parts import MAX_DEPTH
from tests.connectors.gmail import samples

PLUS_ONE = timezone(timedelta(hours=1))
SIGNATURE_DATA = ("+91 98765 43210", "ABCDE1234F", "12 MG Road, Bengaluru")


# -- headers -----------------------------------------------------------------------------------


def test_gmail_reply_headers() -> None:
    mail = parse_message(samples.gmail_reply())
    assert mail.message_id == "<CAJx7Fq3-QUOTED-ID@mail.gmail.com>"
    assert mail.in_reply_to == "<CAB2offer@mail.acme.example>"
    assert mail.references == ("<CAB1root@mail.acme.example>", "<CAB2offer@mail.acme.example>")
    assert mail.subject == "Re: Pricing for 25 seats"
    assert mail.date == datetime(2024, 3, 5, 4, 45, 32, tzinfo=UTC)
    assert mail.date.utcoffset() == timedelta(hours=5, minutes=30)
    assert mail.sender == Address(name="Priya Sharma", address="priya.sharma@example.in")
    assert mail.to == (Address(name="Bob Smith", address="sales@acme.example"),)
    assert mail.cc == (Address(name="Ravi Kumar", address="ravi@example.in"),)
    assert mail.reply_to == ()


def test_rfc2047_names_and_subjects_are_decoded() -> None:
    raw = samples.crlf(
        "From: =?UTF-8?B?4KSq4KWN4KSw4KS/4KSv4KS+IOCktuCksOCljeCkruCkvg==?= <priya@example.in>\n"
        "To: =?ISO-8859-1?Q?Ren=E9_L=E9vesque?= <rene@example.fr>,\n"
        " =?utf-8?q?J=C3=BCrgen?= <juergen@example.de>\n"
        "Reply-To: =?utf-8?b?4KSs4KS/4KSV4KWN4KSw4KWAIOCkn+ClgOCkrg==?= <sales@example.in>\n"
        "Subject: =?UTF-8?B?4KSV4KWA4KSu4KSkIOCkleCljeCkr+CkviDgpLngpYg/?=\n"
        " =?ISO-8859-1?Q?_=E0_Montr=E9al?=\n"
        "Date: Tue, 5 Mar 2024 10:15:32 +0530\n\nbody\n"
    )
    mail = parse_message(raw)
    assert mail.sender == Address(name="प्रिया शर्मा", address="priya@example.in")
    assert mail.to == (
        Address(name="René Lévesque", address="rene@example.fr"),
        Address(name="Jürgen", address="juergen@example.de"),
    )
    assert mail.reply_to == (Address(name="बिक्री टीम", address="sales@example.in"),)
    assert mail.subject == "कीमत क्या है? à Montréal"


def test_raw_utf8_headers_are_read_as_utf8() -> None:
    raw = samples.simple("hi", sender="Zoë Ångström <zoe@example.se>", subject="Re: Prix – été")
    mail = parse_message(raw)
    assert mail.sender == Address(name="Zoë Ångström", address="zoe@example.se")
    assert mail.subject == "Re: Prix – été"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("From", "broken@@example.com"),
        ("From", "Bob <bob@example.com"),
        ("From", "undisclosed-recipients:;"),
        ("From", "=?utf-8?b?not base64?= <x@y.z>"),
        ("From", "=?x-unknown-charset?q?abc?= <@>"),
        ("From", "team: a@b.c, d@e.f;"),
        ("From", '"unterminated <a@b.c>'),
        ("From", "=?utf-8?q?Evil=0D=0ABcc=3A_x=40y=2Ez?= <evil@example.com>"),
    ],
)
def test_malformed_address_headers_do_not_crash(field: str, value: str) -> None:
    raw = samples.crlf(f"{field}: {value}\nTo: ok@example.com, bad@@x\nSubject: s\n\nbody\n")
    mail = parse_message(raw)
    assert mail.to[0] == Address(name="", address="ok@example.com")
    for address in (*mail.to, *((mail.sender,) if mail.sender else ())):
        assert address.address.count("@") == 1
        assert "\n" not in address.name and "\r" not in address.name


def test_group_syntax_is_flattened() -> None:
    mail = parse_message(samples.crlf("From: a@b.c\nTo: team: x@y.z, w@y.z;, v@u.t\n\nhi\n"))
    assert [a.address for a in mail.to] == ["x@y.z", "w@y.z", "v@u.t"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Date: Tue, 5 Mar 2024 10:15:32 -0000\n", datetime(2024, 3, 5, 10, 15, 32, tzinfo=UTC)),
        ("Date: 5 Mar 2024 10:15 +0100\n", datetime(2024, 3, 5, 10, 15, tzinfo=PLUS_ONE)),
        ("Date: yesterday\n", None),
        ("Date: Tue, 5 Mar 99999 10:15:32 +0000\n", None),
        ("Date: Tue, 5 Mar 2024 10:15:32 +9999\n", None),
        ("", None),
    ],
)  # fmt: skip
def test_dates_are_aware_or_none(header: str, expected: datetime | None) -> None:
    mail = parse_message(samples.crlf(f"From: a@b.c\nSubject: s\n{header}\nhi\n"))
    assert mail.date == expected
    assert mail.date is None or mail.date.tzinfo is not None


def test_missing_and_odd_ids() -> None:
    raw = samples.crlf(
        "From: a@b.c\nMessage-ID:  <abc@x.y>  \nIn-Reply-To: parent@x.y\n"
        "References: <1@a>\n <2@b>\t<3@c>\n\nhi\n"
    )
    mail = parse_message(raw)
    assert mail.message_id == "<abc@x.y>"
    assert mail.in_reply_to == "parent@x.y"
    assert mail.references == ("<1@a>", "<2@b>", "<3@c>")
    bare = parse_message(samples.crlf("From: a@b.c\nMessage-ID: <broken@\n\nhi\n"))
    assert bare.message_id == "<broken@"
    assert bare.subject == "" and bare.in_reply_to is None and bare.references == ()


# -- the new text, the signature, the quoted history ----------------------------------------------


def test_gmail_reply_text_without_history_or_signature() -> None:
    mail = parse_message(samples.gmail_reply())
    assert mail.text == "Hi Bob,\n\nThat works for us. Could you send the order form by Friday?"
    assert mail.signature is not None
    for data in SIGNATURE_DATA:
        assert data not in mail.text
        assert data in mail.signature
    assert "QUOTED" not in mail.text and "wrote:" not in mail.text
    assert mail.quoted_chars > len("QUOTED-OFFER: the price for 25 seats is 4,000 EUR per year.")


def test_rfc3676_signature_delimiter() -> None:
    mail = parse_message(samples.gmail_reply(signature_delimiter="--=20\n"))
    assert mail.text.endswith("by Friday?")
    assert mail.signature is not None and mail.signature.startswith("--\nPriya Sharma")
    assert all(data in mail.signature for data in SIGNATURE_DATA)


def test_plain_rfc3676_delimiter_in_8bit_text() -> None:
    mail = parse_message(samples.simple("Deal.\n\n-- \nPriya Sharma\nPAN ABCDE1234F\n"))
    assert (mail.text, mail.signature) == ("Deal.", "--\nPriya Sharma\nPAN ABCDE1234F")


def test_outlook_german_reply() -> None:
    mail = parse_message(samples.outlook_reply_de())
    assert mail.sender == Address(name="Müller, Hans", address="hans.mueller@example.de")
    assert mail.subject == "AW: Angebot"
    assert mail.text == "Hallo Bob,\n\npasst für uns, bitte schicken Sie den Vertrag."
    assert mail.signature == "Mit freundlichen Grüßen\nHans Müller\nTel. +49 30 1234567"
    assert "QUOTED" not in mail.text and mail.quoted_chars > 0


def test_outlook_english_reply_without_separator() -> None:
    mail = parse_message(samples.outlook_reply_en())
    assert mail.text == "Thursday 3pm works. Take the large room if you can."
    assert mail.signature == "Thanks & Regards\nJohn Carter"
    assert "QUOTED" not in mail.text and "From:" not in mail.text


def test_apple_mail_reply() -> None:
    mail = parse_message(samples.apple_mail_reply())
    assert mail.text == "Giovedì alle 15 va bene.\n\nAnna"
    assert mail.signature == "Sent from my iPhone"
    assert mail.quoted_chars > 0


def test_original_message_separator() -> None:
    body = "OK by me.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\n\nQUOTED text\n"
    mail = parse_message(samples.simple(body))
    assert (mail.text, mail.signature) == ("OK by me.", None)
    assert mail.quoted_chars >= len("QUOTED text")


def test_deep_nested_quotes() -> None:
    raw = samples.nested_quotes(100)
    assert len(raw) > 100_000
    mail = parse_message(raw)
    assert mail.text == "Sounds good, Friday it is."
    assert mail.signature == "Best,\nPriya"
    assert "QUOTED-LEVEL" not in mail.text
    assert mail.quoted_chars > 100_000


def test_a_body_that_is_all_quote_is_kept_unquoted() -> None:
    body = "On Mon, 4 Mar 2024 at 10:00, Bob <bob@acme.example> wrote:\n> Price is 4,000 EUR.\n"
    mail = parse_message(samples.simple(body))
    assert (
        mail.text
        == "On Mon, 4 Mar 2024 at 10:00, Bob <bob@acme.example> wrote:\nPrice is 4,000 EUR."
    )
    assert mail.quoted_chars == 0 and mail.signature is None


def test_html_only_mail() -> None:
    mail = parse_message(samples.html_only_gmail())
    assert mail.text == "Hi Bob,\n\nPlease send the order form."
    for hidden in ("HEAD-TITLE", "STYLE-RULE", "SCRIPT-CODE", "HIDDEN-PREHEADER", "QUOTED-HTML"):
        assert hidden not in mail.text
    assert mail.signature is not None
    assert "+91 98765 43210" in mail.signature and "ABCDE1234F" in mail.signature
    assert "+91" not in mail.text
    assert mail.quoted_chars > len("QUOTED-HTML-OFFER: here is the price.")


def test_outlook_html_only_mail() -> None:
    mail = parse_message(samples.outlook_html_only())
    assert mail.text == "Hi Bob,\n\nThursday works for us."
    assert mail.signature == "Kind regards,\n\nJohn Carter | +1 555 0100"
    assert "QUOTED" not in mail.text and "MsoNormal" not in mail.text
    assert mail.quoted_chars >= len("QUOTED-INVITE: would Thursday work?")


def test_plain_part_preferred_over_html() -> None:
    mail = parse_message(samples.gmail_reply())
    assert "<div" not in mail.text and "Hi Bob," in mail.text


def test_blank_plain_part_falls_back_to_html() -> None:
    raw = samples.crlf(
        'From: a@b.c\nContent-Type: multipart/alternative; boundary="b"\n\n--b\n'
        "Content-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n<p>From <i>HTML</i></p>\n"
        "--b--\n"
    )
    assert parse_message(raw).text == "From HTML"


def test_line_endings_and_trailing_whitespace() -> None:
    mail = parse_message(samples.simple("one   \r\ntwo\t\rthree\n\n\n\nfour  \n\n"))
    assert mail.text == "one\ntwo\nthree\n\nfour"


# -- charsets --------------------------------------------------------------------------------------


def test_latin1_body() -> None:
    raw = samples.simple(
        "Ça marche, à jeudi.", content_type="text/plain; charset=iso-8859-1", encoding="latin-1"
    )
    assert parse_message(raw).text == "Ça marche, à jeudi."


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ("utf-8", "latin-1"),  # says UTF-8, is Latin-1
        ("us-ascii", "utf-8"),  # says ASCII, is UTF-8
        ("iso-8859-1", "utf-8"),  # says Latin-1, is UTF-8
        ("x-unknown-charset", "utf-8"),
        ("base64", "utf-8"),  # a codec Python knows, but not a text encoding
        ('"utf-8"', "utf-8"),
    ],
)  # fmt: skip
def test_wrong_or_unknown_declared_charset(declared: str, encoding: str) -> None:
    raw = samples.simple(
        "Réunion jeudi, ça va ?", content_type=f"text/plain; charset={declared}", encoding=encoding
    )
    assert parse_message(raw).text == "Réunion jeudi, ça va ?"


def test_nul_in_a_charset_label() -> None:
    raw = (
        samples.crlf('From: a@b.c\nContent-Type: text/plain; charset="utf\x00-8"\n\n')
        + "Zürich".encode()
    )
    assert parse_message(raw).text == "Zürich"


def test_windows_1252_quotes_in_a_latin1_label() -> None:
    body = "\u201cyes\u201d \u2013 we agree".encode("cp1252")
    raw = samples.crlf("From: a@b.c\nContent-Type: text/plain; charset=iso-8859-1\n\n") + body
    assert parse_message(raw).text == "\u201cyes\u201d \u2013 we agree"


def test_base64_and_quoted_printable_bodies() -> None:
    b64 = samples.crlf(
        "From: a@b.c\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n\n"
        "4KSo4KSu4KS44KWN4KSk4KWHLCDgpJXgpYDgpK7gpKQg4KSg4KWA4KSVIOCkueCliOClpA==\n"
    )
    assert parse_message(b64).text == "नमस्ते, कीमत ठीक है।"
    qp = samples.crlf(
        "From: a@b.c\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n\nPrix: 4 000 =E2=82=AC, soft=\nbreak\n"
    )
    assert parse_message(qp).text == "Prix: 4 000 €, softbreak"


# -- attachments -----------------------------------------------------------------------------------


def test_attachments_are_recorded_not_read() -> None:
    mail = parse_message(samples.with_attachments())
    assert mail.text == "Signed form attached, see the screenshot too."
    assert "FORWARDED-BODY" not in mail.text
    png, pdf, forwarded = mail.attachments
    assert png == Attachment(filename="screenshot.png", mime_type="image/png", size=108)
    assert pdf == Attachment(filename="order-form.pdf", mime_type="application/pdf", size=309)
    assert (forwarded.filename, forwarded.mime_type) == ("earlier.eml", "message/rfc822")
    assert forwarded.size > len("FORWARDED-BODY: please sign the order form.")


def test_text_file_attachment_is_not_the_body() -> None:
    raw = samples.crlf(
        'From: a@b.c\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n'
        "Content-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\nNOTES\n"
        "--b\nContent-Type: text/plain\n\nThe body.\n--b--\n"
    )
    mail = parse_message(raw)
    assert mail.text == "The body."
    assert mail.attachments == (Attachment(filename="notes.txt", mime_type="text/plain", size=5),)


# -- automation fields ---------------------------------------------------------------------------


def test_automation_headers() -> None:
    raw = samples.crlf(
        "Return-Path: <>\nReturn-Path: <forged@x.y>\nFrom: MAILER-DAEMON@example.com\n"
        "Auto-Submitted: auto-replied\nPrecedence: bulk\nX-Autoreply: yes\nX-Autorespond: yes\n"
        "List-Id: News <news.example.com>\nList-Post: NO\nList-Unsubscribe: <https://u.example>\n"
        "Mailing-List: list news@example.com\n"
        'Content-Type: multipart/report; report-type="Delivery-Status"; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nUndeliverable\n--b--\n"
    )
    automation = parse_message(raw).automation
    assert automation.return_path == "<>"
    assert automation.auto_submitted == "auto-replied"
    assert automation.precedence == "bulk"
    assert (automation.x_autoreply, automation.x_autorespond) == ("yes", "yes")
    assert automation.list_id == "News <news.example.com>"
    assert automation.list_post == "NO"
    assert automation.list_unsubscribe == "<https://u.example>"
    assert automation.mailing_list == "list news@example.com"
    assert automation.content_type == "multipart/report"
    assert automation.report_type == "delivery-status"


def test_repr_leaks_no_personal_data() -> None:
    mail = parse_message(samples.gmail_reply())
    text = repr(mail)
    for personal in ("Priya", "priya.sharma", "Pricing", "Friday", "98765", "CAJx7Fq3"):
        assert personal not in text


# -- refusals and robustness -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   \r\n\r\n",
        b"Hello Bob, just a line of text.\r\n",
        b"\x00\x01\x02\xff" * 10,
        b"X-Custom: 1\r\n\r\nbody",
    ],
)
def test_not_a_mail_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedMail) as error:
        parse_message(raw)
    assert "Hello Bob" not in str(error.value)


def test_too_large_is_refused_before_parsing() -> None:
    raw = samples.simple("x" * 2000)
    with pytest.raises(MailTooLarge) as error:
        parse_message(raw, max_bytes=1000)
    assert (error.value.size, error.value.limit) == (len(raw), 1000)
    assert parse_message(raw, max_bytes=len(raw)).text == "x" * 2000


@pytest.mark.parametrize("depth", [20, 400, 3000])
def test_deeply_nested_multiparts(depth: int) -> None:
    head = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth)
    )
    tail = "".join(f"\n--b{i}--" for i in reversed(range(depth)))
    raw = samples.crlf(f"From: a@b.c\n{head}Content-Type: text/plain\n\ndeep{tail}\n")
    if depth > 1000:  # the standard library's parser recurses per level
        with pytest.raises(MalformedMail, match="nested too deeply"):
            parse_message(raw)
    else:  # parts below MAX_DEPTH levels are not walked
        assert parse_message(raw).text == ("deep" if depth < MAX_DEPTH else "")


VALID_MAILS = [
    samples.gmail_reply(),
    samples.outlook_reply_de(),
    samples.apple_mail_reply(),
    samples.html_only_gmail(),
    samples.outlook_html_only(),
    samples.with_attachments(),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_raise_mail_errors(raw: bytes) -> None:
    try:
        mail = parse_message(raw)
    except (MalformedMail, MailTooLarge):
        return
    _assert_storable(mail)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_mails_only_raise_mail_errors(data: st.DataObject) -> None:
    raw = bytearray(data.draw(st.sampled_from(VALID_MAILS)))
    for _ in range(data.draw(st.integers(1, 12))):
        position = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "replace":
            raw[position] = data.draw(st.integers(0, 255))
        elif action == "insert":
            raw[position:position] = data.draw(st.sampled_from(list(_INTERESTING)))
        else:
            del raw[position : position + data.draw(st.integers(1, 40))]
    try:
        mail = parse_message(bytes(raw))
    except (MalformedMail, MailTooLarge):
        return
    _assert_storable(mail)


_INTERESTING = [
    b"=?", b"?=", b"=?utf-8?b?", b"=?x?q?", b"<", b">", b"@", b",", b";", b":", b'"', b"\\",
    b"\r\n", b"\r\n ", b"\r\n\r\n", b"--", b"=", b"\x00", b"\xff", b"\xe2\x82", b"boundary=",
    b"charset=",
    b"Content-Type: multipart/mixed; boundary=x\r\n", b"Content-Transfer-Encoding: base64\r\n",
    b"<blockquote>", b"<div class=gmail_quote>", b"> ", b"On Mon wrote:\r\n",
]  # fmt: skip


def _assert_storable(mail: ParsedMail) -> None:
    """Every string must encode as UTF-8 and hold no NUL (PostgreSQL refuses both)."""
    strings = [
        mail.subject,
        mail.text,
        mail.signature or "",
        mail.message_id or "",
        *mail.references,
    ]
    strings += [part for a in (*mail.to, *mail.cc, *mail.reply_to) for part in (a.name, a.address)]
    for value in strings:
        value.encode("utf-8")
        assert "\x00" not in value
    assert mail.quoted_chars >= 0
    assert all(attachment.size >= 0 for attachment in mail.attachments)
