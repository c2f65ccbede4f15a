"""Which mail is left unanswered and why: real header sets of auto-responders, newsletters,
lists and bounces, and ordinary prospect mail from Gmail, Outlook and Apple Mail that is not."""

from __future__ import annotations

import pytest

from connectors.gmail.automated import SkipReason, skip_reason
from connectors.gmail.mime import ParsedMail, parse_message
from tests.connectors.gmail import samples

MAILBOX = "Sales@Acme.example"


def mail(headers: str, body: str = "Hello") -> ParsedMail:
    return parse_message(samples.crlf(f"{headers.strip()}\nMIME-Version: 1.0\n\n{body}\n"))


# -- each reason -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "labels"),
    [
        ("From: Bob Smith <sales@acme.example>\nTo: priya@example.in\nSubject: Offer", ()),
        ("From: SALES@ACME.EXAMPLE\nTo: priya@example.in\nSubject: Offer", ()),
        ("From: Priya <priya@example.in>\nSubject: Re: Offer", ("SENT",)),
        ("From: Priya <priya@example.in>\nSubject: Re: Offer", ("DRAFT", "INBOX")),
    ],
)
def test_own_mail(headers: str, labels: tuple[str, ...]) -> None:
    assert skip_reason(mail(headers), MAILBOX, labels) is SkipReason.OWN_MAIL


@pytest.mark.parametrize("label", ["SPAM", "TRASH"])
def test_spam_and_trash(label: str) -> None:
    prospect = parse_message(samples.gmail_reply())
    assert skip_reason(prospect, MAILBOX, ["INBOX", label]) is SkipReason.SPAM


GMAIL_VACATION = """
Return-Path: <priya.sharma@example.in>
From: Priya Sharma <priya.sharma@example.in>
To: sales@acme.example
Subject: Re: Pricing for 25 seats
In-Reply-To: <CAB2offer@mail.acme.example>
References: <CAB2offer@mail.acme.example>
Auto-Submitted: auto-replied
Precedence: bulk
X-Autoreply: yes
Message-ID: <CAJvacation@mail.gmail.com>
Date: Tue, 5 Mar 2024 10:15:32 +0530
Content-Type: text/plain; charset="UTF-8"
"""

OUTLOOK_OOF = """
From: John Carter <john.carter@example.com>
To: Bob Smith <sales@acme.example>
Subject: Automatic reply: Demo next week
Thread-Topic: Demo next week
Date: Tue, 5 Mar 2024 14:03:11 +0000
Message-ID: <oof-1@DM6PR11MB4321.namprd11.prod.outlook.com>
In-Reply-To: <CAB3demo@mail.acme.example>
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: john.carter@example.com
X-MS-Exchange-Organization-AutoResponse: yes
Content-Type: text/plain; charset="us-ascii"
"""


@pytest.mark.parametrize(
    "headers",
    [
        GMAIL_VACATION,
        OUTLOOK_OOF,
        "From: a@example.org\nSubject: Out of Office: Pricing",  # no header, only the subject
        "From: a@example.org\nSubject: Abwesenheitsnotiz: Angebot",
        "From: a@example.org\nSubject: Réponse automatique : Offre",
        "From: a@example.org\nSubject: Respuesta automática: Oferta",
        "From: a@example.org\nSubject: [EXT] Autoreply: Pricing",
        "From: a@example.org\nSubject: Re: Pricing\nX-Autorespond: 1",
        "From: help@vendor.example\nSubject: Ticket #123 received\nPrecedence: auto_reply",
        "From: a@example.org\nSubject: Read: Offer\nContent-Type: multipart/report; "
        'report-type=disposition-notification; boundary="b"',  # a read receipt
    ],
)
def test_auto_replies(headers: str) -> None:
    assert skip_reason(mail(headers), MAILBOX) is SkipReason.AUTO_REPLY


MAILCHIMP = """
Return-Path: <bounce-mc.us5_12345.6789-sales=acme.example@mail123.atl91.mcsv.net>
From: Example Traders <news@example-traders.com>
Reply-To: Example Traders <news@example-traders.com>
To: <sales@acme.example>
Subject: Our spring catalogue is here
Date: Tue, 5 Mar 2024 15:00:09 +0000
Message-ID: <b1a2c3.1234567890@mail123.atl91.mcsv.net>
X-Mailer: Mailchimp Mailer - **CIDa1b2c3d4e5f6**
X-Campaign: mailchimpa1b2c3d4e5f6.0123456789
X-campaignid: mailchimpa1b2c3d4e5f6.0123456789
X-Report-Abuse: Please report abuse for this campaign here: https://mailchimp.com/abuse
List-ID: 1a2b3c4d5e6f7a8b9c0d1e2f3 mc list <1a2b3c4d5e6f7a8b9c0d1e2f3.123456.list-id.mcsv.net>
List-Unsubscribe: <https://example-traders.us5.list-manage.com/unsubscribe?u=1a2b&id=3c4d>,
 <mailto:unsubscribe-mc.us5_1a2b.3c4d-sales=acme.example@unsubscribe.mailchimpapp.net>
List-Unsubscribe-Post: List-Unsubscribe=One-Click
Precedence: bulk
Content-Type: text/plain; charset="utf-8"
"""


@pytest.mark.parametrize(
    ("headers", "labels"),
    [
        (MAILCHIMP, ()),
        (MAILCHIMP, ("CATEGORY_PROMOTIONS",)),
        ("From: Google <no-reply@accounts.google.com>\nSubject: Security alert", ()),
        ("From: Shop <DoNotReply@shop.example>\nSubject: Your order", ()),
        ("From: Deals <deals@shop.example>\nSubject: 50% off", ("CATEGORY_PROMOTIONS",)),
        ("From: Net <n@social.example>\nSubject: New follower", ("CATEGORY_SOCIAL", "INBOX")),
        ("From: Bank <alerts@bank.example>\nSubject: Statement", ("CATEGORY_UPDATES",)),
    ],
)
def test_newsletters(headers: str, labels: tuple[str, ...]) -> None:
    assert skip_reason(mail(headers), MAILBOX, labels) is SkipReason.NEWSLETTER


GOOGLE_GROUP = """
From: Ravi Kumar <ravi@example.in>
To: saas-buyers@googlegroups.com
Subject: Which CRM do you use?
Date: Tue, 5 Mar 2024 10:15:32 +0530
Message-ID: <abc123@mail.gmail.com>
X-Original-Sender: ravi@example.in
Precedence: list
Mailing-list: list saas-buyers@googlegroups.com; contact saas-buyers+owners@googlegroups.com
List-ID: <saas-buyers.googlegroups.com>
X-Google-Group-Id: 123456789012
List-Post: <https://groups.google.com/group/saas-buyers/post>, <mailto:saas-buyers@googlegroups.com>
List-Help: <https://groups.google.com/support/>, <mailto:saas-buyers+help@googlegroups.com>
List-Archive: <https://groups.google.com/group/saas-buyers/>
List-Subscribe: <https://groups.google.com/group/saas-buyers/subscribe>
List-Unsubscribe: <mailto:googlegroups-manage+123456789012+unsubscribe@googlegroups.com>,
 <https://groups.google.com/group/saas-buyers/subscribe>
Content-Type: text/plain; charset="UTF-8"
"""


@pytest.mark.parametrize(
    "headers",
    [
        GOOGLE_GROUP,
        "From: a@example.org\nSubject: [dev] release\nList-Id: Developers <dev.lists.example.org>",
        "From: a@example.org\nSubject: digest\nPrecedence: list",
    ],
)
def test_mailing_lists(headers: str) -> None:
    assert skip_reason(mail(headers), MAILBOX, ["CATEGORY_FORUMS"]) is SkipReason.MAILING_LIST


GMAIL_BOUNCE = """
Return-Path: <>
Received: from mail-sor-f69.google.com (mail-sor-f69.google.com. [209.85.220.69])
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: sales@acme.example
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
References: <CAB5@mail.acme.example>
In-Reply-To: <CAB5@mail.acme.example>
X-Failed-Recipients: nobody@example.in
Message-ID: <65e6a1b2.bounce@mx.google.com>
Date: Tue, 05 Mar 2024 04:45:40 -0800 (PST)
Content-Type: multipart/report; boundary="000000000000dsn"; report-type=delivery-status
"""
DSN_BODY = """--000000000000dsn
Content-Type: text/plain; charset="UTF-8"

Address not found: nobody@example.in
--000000000000dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com

Final-Recipient: rfc822; nobody@example.in
Action: failed
Status: 5.1.1
--000000000000dsn
Content-Type: text/rfc822-headers

From: Bob Smith <sales@acme.example>
Subject: Pricing
--000000000000dsn--"""

EXCHANGE_NDR = """
From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@acme.example>
To: <sales@acme.example>
Subject: Undeliverable: Pricing
Content-Type: multipart/report; report-type=delivery-status; boundary="ndr"
"""


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (GMAIL_BOUNCE, DSN_BODY),
        (EXCHANGE_NDR, DSN_BODY.replace("000000000000dsn", "ndr")),
        ("Return-Path: <>\nFrom: postmaster@example.in\nSubject: failure notice", "x"),
        ("From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nSubject: Returned", "x"),
        ("Return-Path: <>\nFrom: Gateway <gw@example.org>\nSubject: Message not delivered", "x"),
    ],
)
def test_bounces(headers: str, body: str) -> None:
    assert skip_reason(mail(headers, body), MAILBOX) is SkipReason.BOUNCE


@pytest.mark.parametrize(
    "headers",
    [
        "From: Reports <reports@vendor.example>\nSubject: Weekly report\nPrecedence: bulk",
        "From: Reports <reports@vendor.example>\nSubject: Weekly report\nPrecedence: junk",
    ],
)
def test_bulk(headers: str) -> None:
    assert skip_reason(mail(headers), MAILBOX) is SkipReason.BULK


# -- precedence between reasons -------------------------------------------------------------------


def test_most_specific_reason_wins() -> None:
    # a bounce also says Auto-Submitted; a vacation reply also says Precedence: bulk; a
    # newsletter also has List-ID and Precedence: bulk; own mail in the spam folder is own mail
    assert skip_reason(mail(GMAIL_BOUNCE, DSN_BODY), MAILBOX) is SkipReason.BOUNCE
    assert skip_reason(mail(GMAIL_VACATION), MAILBOX) is SkipReason.AUTO_REPLY
    assert skip_reason(mail(MAILCHIMP), MAILBOX) is SkipReason.NEWSLETTER
    own = mail("From: sales@acme.example\nSubject: x")
    assert skip_reason(own, MAILBOX, ["SPAM"]) is SkipReason.OWN_MAIL


# -- ordinary mail is answered ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        samples.gmail_reply(),
        samples.outlook_reply_de(),  # carries X-Auto-Response-Suppress: All
        samples.outlook_reply_en(),
        samples.apple_mail_reply(),
        samples.html_only_gmail(),
        samples.outlook_html_only(),
        samples.with_attachments(),
    ],
)
def test_prospect_mail_is_answered(raw: bytes) -> None:
    assert skip_reason(parse_message(raw), MAILBOX, ["INBOX", "UNREAD", "IMPORTANT"]) is None


@pytest.mark.parametrize(
    "headers",
    [
        "From: Priya <priya@example.in>\nSubject: Re: Out of office policy for the pilot",
        "From: Priya <priya@example.in>\nSubject: Auto-reply settings in your product?",
        "From: Priya <priya@example.in>\nSubject: Question\nAuto-Submitted: no",
        "From: Priya <priya@example.in>\nSubject: Question\nX-Autoreply: no",
        "From: Priya <priya@example.in>\nSubject: Question\nReturn-Path: <priya@example.in>",
        "From: Priya <priya@example.in>\nSubject: Pricing\nX-Mailer: HubSpot\nPrecedence: normal",
        "From: Reply Team <reply@example.in>\nSubject: Pricing",  # "reply", not "noreply"
    ],
)
def test_look_alikes_are_answered(headers: str) -> None:
    assert skip_reason(mail(headers), MAILBOX, ["INBOX"]) is None


def test_a_reply_filed_under_updates_is_answered() -> None:
    prospect = parse_message(samples.gmail_reply())
    assert skip_reason(prospect, MAILBOX, ["INBOX", "CATEGORY_UPDATES"]) is None


def test_mail_through_the_users_own_google_group_is_answered() -> None:
    # sales@acme.example is a Google Group delivering to the rep's mailbox: its list fields
    # are on every prospect mail and say nothing about the sender
    shared_inbox = """
From: Priya Sharma <priya.sharma@example.in>
To: sales@acme.example
Subject: Pricing for 25 seats
Precedence: list
Mailing-list: list sales@acme.example; contact sales+owners@acme.example
List-ID: <sales.acme.example>
List-Post: <https://groups.google.com/a/acme.example/group/sales/post>,
 <mailto:sales@acme.example>
List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@acme.example>
"""
    assert skip_reason(mail(shared_inbox), "rep@acme.example", ["INBOX"]) is None
    assert skip_reason(mail(shared_inbox), "rep@other.example", ["INBOX"]) is (
        SkipReason.MAILING_LIST
    )
