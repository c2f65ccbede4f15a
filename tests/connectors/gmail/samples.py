"""Raw RFC 822 messages modelled on what Gmail, Outlook/Exchange and Apple Mail really send,
for the Gmail connector tests. Each builder returns the bytes ``users.messages.get?format=raw``
would give (CRLF line endings); the text is written with LF and converted."""

from __future__ import annotations

import base64


def crlf(text: str, encoding: str = "utf-8") -> bytes:
    """The message bytes: LF turned into CRLF, as Gmail's raw format has them."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode(encoding)


PRIYA_SIGNATURE = (
    "Priya Sharma\n"
    "Head of Procurement, Example Traders Pvt Ltd\n"
    "+91 98765 43210 | PAN ABCDE1234F\n"
    "12 MG Road, Bengaluru 560001"
)
"""A signature block full of personal data: phone, PAN, postal address."""


def gmail_reply(signature_delimiter: str = "Best regards,\n") -> bytes:
    """A Gmail reply (multipart/alternative) with two levels of quoted history."""
    return crlf(
        f"""Delivered-To: sales@acme.example
Received: by 2002:a05:6a10:8e0b:b0:5a1:1234:5678 with SMTP id abc;
        Tue, 5 Mar 2024 04:45:40 -0800 (PST)
Return-Path: <priya.sharma@example.in>
MIME-Version: 1.0
References: <CAB1root@mail.acme.example> <CAB2offer@mail.acme.example>
In-Reply-To: <CAB2offer@mail.acme.example>
From: Priya Sharma <priya.sharma@example.in>
Date: Tue, 5 Mar 2024 10:15:32 +0530
Message-ID: <CAJx7Fq3-QUOTED-ID@mail.gmail.com>
Subject: Re: Pricing for 25 seats
To: Bob Smith <sales@acme.example>
Cc: Ravi Kumar <ravi@example.in>
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4"

--000000000000a1b2c3d4
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hi Bob,

That works for us. Could you send the order form by Friday?

{signature_delimiter}{PRIYA_SIGNATURE}

On Mon, Mar 4, 2024 at 6:02=E2=80=AFPM Bob Smith <sales@acme.example> wrote:

> Hi Priya,
>
> QUOTED-OFFER: the price for 25 seats is 4,000 EUR per year.
>
> On Sun, Mar 3, 2024 at 9:00 AM Priya Sharma <priya.sharma@example.in>
> wrote:
>
>> QUOTED-QUESTION: what would 25 seats cost?
>>

--000000000000a1b2c3d4
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Hi Bob,<div><br></div><div>That works for us. Could you send=
 the order form by Friday?</div></div>

--000000000000a1b2c3d4--
"""
    )


def outlook_reply_de() -> bytes:
    """An Outlook (Exchange Online) reply in German, Latin-1, with Outlook's header block."""
    return crlf(
        """Received: from AM0PR07MB1234.eurprd07.prod.outlook.com by AM0PR07MB1234;
 Tue, 5 Mar 2024 09:12:45 +0000
From: =?iso-8859-1?Q?M=FCller=2C_Hans?= <hans.mueller@example.de>
To: Bob Smith <sales@acme.example>
Subject: AW: Angebot
Thread-Topic: Angebot
Thread-Index: AQHZb2Z3kKx4n2Q5TUeAbcdEfGh1234=
Date: Tue, 5 Mar 2024 09:12:44 +0000
Message-ID: <AM0PR07MB1234ABCD@AM0PR07MB1234.eurprd07.prod.outlook.com>
References: <CAB2offer@mail.acme.example>
In-Reply-To: <CAB2offer@mail.acme.example>
Accept-Language: de-DE, en-US
Content-Language: de-DE
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

Hallo Bob,

passt f=FCr uns, bitte schicken Sie den Vertrag.

Mit freundlichen Gr=FC=DFen
Hans M=FCller
Tel. +49 30 1234567

________________________________
Von: Bob Smith <sales@acme.example>
Gesendet: Montag, 4. M=E4rz 2024 18:02
An: M=FCller, Hans <hans.mueller@example.de>
Betreff: Angebot

QUOTED-OFFER: Hallo Hans, anbei das Angebot.
""",
        "ascii",
    )


def outlook_reply_en() -> bytes:
    """An Outlook desktop reply in English: HTML-converted plain text, no separator line."""
    return crlf(
        """From: John Carter <john.carter@example.com>
To: "sales@acme.example" <sales@acme.example>
Subject: RE: Demo next week
Date: Tue, 5 Mar 2024 14:03:11 +0000
Message-ID: <DM6PR11MB4321@DM6PR11MB4321.namprd11.prod.outlook.com>
In-Reply-To: <CAB3demo@mail.acme.example>
References: <CAB3demo@mail.acme.example>
X-Auto-Response-Suppress: All
X-MS-Exchange-Organization-SCL: -1
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit
MIME-Version: 1.0

Thursday 3pm works. Take the large room if you can.

Thanks & Regards
John Carter

From: Bob Smith <sales@acme.example>
Sent: Monday, March 4, 2024 6:02 PM
To: John Carter <john.carter@example.com>
Subject: Demo next week

QUOTED-INVITE: Hi John, would Thursday work for a demo?
"""
    )


def apple_mail_reply() -> bytes:
    """An iPhone Mail reply: quoted attribution, "Sent from my iPhone", QP with a BOM."""
    return crlf(
        """From: Anna Rossi <anna@example.it>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable
Mime-Version: 1.0 (1.0)
Subject: Re: Demo
Date: Tue, 5 Mar 2024 11:02:03 +0100
References: <CAB4demo@mail.acme.example>
In-Reply-To: <CAB4demo@mail.acme.example>
To: Bob Smith <sales@acme.example>
Message-Id: <6E1A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8@example.it>
X-Mailer: iPhone Mail (21D61)

Gioved=C3=AC alle 15 va bene.

Anna

Sent from my iPhone

> On 4 Mar 2024, at 18:02, Bob Smith <sales@acme.example> wrote:
>=20
> =EF=BB=BFQUOTED-DEMO: Hi Anna, does Thursday work?
"""
    )


def html_only_gmail() -> bytes:
    """An HTML-only message with Gmail's quote and signature markup, a style and a script."""
    return crlf(
        """From: Priya Sharma <priya.sharma@example.in>
To: sales@acme.example
Subject: Re: Pricing
Date: Tue, 5 Mar 2024 10:15:32 +0530
Message-ID: <CAJhtml@mail.gmail.com>
MIME-Version: 1.0
Content-Type: text/html; charset="UTF-8"

<html><head><title>HEAD-TITLE</title><style>p { color: STYLE-RULE; }</style></head>
<body><script>var tracking = "SCRIPT-CODE";</script>
<div dir="ltr"><div>Hi Bob,</div><div><br></div><div>Please send the <b>order form</b>.</div>
<span style="display:none">HIDDEN-PREHEADER</span>
<div><br></div>-- <br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">
<div>Priya Sharma<br>+91 98765 43210<br>PAN ABCDE1234F</div></div></div><br>
<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Mar 4,
2024 at 6:02 PM Bob Smith &lt;sales@acme.example&gt; wrote:<br></div>
<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">QUOTED-HTML-OFFER: here is the
price.</blockquote></div></body></html>
"""
    )


def outlook_html_only() -> bytes:
    """An Outlook desktop HTML reply: Word markup, the quoted header block marked only by a
    border style, as many Exchange mails arrive when the plain part is stripped."""
    return simple(
        """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-US>
<div class=WordSection1><p class=MsoNormal>Hi Bob,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Thursday works for us.<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Kind regards,<o:p></o:p></p>
<p class=MsoNormal>John Carter | +1 555 0100<o:p></o:p></p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class=MsoNormal><b>From:</b> Bob Smith &lt;sales@acme.example&gt;<br><b>Sent:</b> Monday,
March 4, 2024 6:02 PM<br><b>To:</b> John Carter<br><b>Subject:</b> Demo</p></div>
<p class=MsoNormal>QUOTED-INVITE: would Thursday work?<o:p></o:p></p></div></body></html>
""",
        content_type="text/html; charset=utf-8",
        sender="John Carter <john.carter@example.com>",
    )


def with_attachments() -> bytes:
    """multipart/mixed: alternative text, a PDF, an inline image, a forwarded message."""
    pdf = base64.encodebytes(b"%PDF-1.4\n" + b"0" * 300).decode()
    png = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100).decode()
    return crlf(
        f"""From: Priya Sharma <priya.sharma@example.in>
To: sales@acme.example
Subject: Signed order form
Date: Tue, 5 Mar 2024 10:15:32 +0530
Message-ID: <CAJattach@mail.gmail.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/related; boundary="related"

--related
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=UTF-8

Signed form attached, see the screenshot too.

--alt
Content-Type: text/html; charset=UTF-8

<p>Signed form attached, see the screenshot too.<img src="cid:shot@x"></p>

--alt--

--related
Content-Type: image/png; name="screenshot.png"
Content-Disposition: inline; filename="screenshot.png"
Content-Transfer-Encoding: base64
Content-ID: <shot@x>

{png}
--related--

--outer
Content-Type: application/pdf; name="order-form.pdf"
Content-Disposition: attachment; filename="order-form.pdf"
Content-Transfer-Encoding: base64

{pdf}
--outer
Content-Type: message/rfc822
Content-Disposition: attachment; filename="earlier.eml"

From: Bob Smith <sales@acme.example>
To: Priya Sharma <priya.sharma@example.in>
Subject: Order form
Date: Mon, 4 Mar 2024 18:02:00 +0000

FORWARDED-BODY: please sign the order form.

--outer--
"""
    )


def simple(
    body: str,
    *,
    headers: str = "",
    content_type: str = "text/plain; charset=utf-8",
    sender: str = "Priya Sharma <priya.sharma@example.in>",
    subject: str = "Re: Pricing",
    encoding: str = "utf-8",
) -> bytes:
    """A one-part message; ``headers`` are extra header lines ("Name: value\\n" each)."""
    return crlf(
        f"From: {sender}\nTo: Bob Smith <sales@acme.example>\nSubject: {subject}\n"
        f"Date: Tue, 5 Mar 2024 10:15:32 +0530\nMessage-ID: <simple-1@example.in>\n"
        f"{headers}MIME-Version: 1.0\nContent-Type: {content_type}\n"
        f"Content-Transfer-Encoding: 8bit\n\n{body}",
        encoding,
    )


def nested_quotes(levels: int, new_text: str = "Sounds good, Friday it is.") -> bytes:
    """A Gmail-style reply over ``levels`` earlier messages, each quoting the previous ones."""
    history = ""
    for level in range(levels):
        earlier = f"QUOTED-LEVEL-{level}: " + "we discussed the renewal and the seats. " * 8
        lines = [earlier, "", "Regards,", f"Person {level}", "", *history.splitlines()]
        history = (
            f"On Mon, 4 Mar 2024 at 10:{level % 60:02d}, Person {level} <p{level}@example.com>"
            " wrote:\n" + "".join(f"> {line}\n" if line else ">\n" for line in lines)
        )
    return simple(f"{new_text}\n\nBest,\nPriya\n\n{history}")
