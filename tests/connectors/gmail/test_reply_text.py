"""The new text of a plain-text body: quoted history cut in many mail clients' and languages'
forms, signatures found without eating the customer's own sentences."""

from __future__ import annotations

import pytest

from connectors.gmail.reply_text import ReplyText, split_reply

# -- quoted history -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 4 Mar 2024 at 18:02, Bob Smith <bob@acme.example> wrote:",
        "On Mon, Mar 4, 2024 at 6:02 PM Bob Smith <bob@acme.example>\nwrote:",  # Gmail wraps
        "On Mon, Mar 4, 2024 at 6:02 PM Bob Smith <\nbob@acme.example> wrote:",
        "On 3/4/24 6:02 PM, Bob Smith wrote:",  # Thunderbird
        "Am 04.03.2024 um 18:02 schrieb Bob Smith <bob@acme.example>:",
        "Le lun. 4 mars 2024 à 18:02, Bob Smith <bob@acme.example> a écrit :",
        "El lun, 4 mar 2024 a las 18:02, Bob Smith (<bob@acme.example>) escribió:",
        "Il giorno lun 4 mar 2024 alle ore 18:02 Bob Smith <bob@acme.example> ha scritto:",
        "Op ma 4 mrt 2024 om 18:02 schreef Bob Smith <bob@acme.example>:",
        "Em seg., 4 de mar. de 2024 às 18:02, Bob Smith <bob@acme.example> escreveu:",
        "2024年3月4日(月) 18:02 Bob Smith <bob@acme.example>:",
        "Bob Smith <bob@acme.example> 于2024年3月4日周一 18:02写道：",
        "सोम, 4 मार्च 2024 को 6:02 pm बजे Bob Smith <bob@acme.example> ने लिखा:",
    ],
)
def test_attribution_and_quote_are_cut(attribution: str) -> None:
    body = f"Fine by us.\n\n{attribution}\n\n> QUOTED: the offer\n>\n> more of it\n"
    reply = split_reply(body)
    assert reply.text == "Fine by us."
    assert reply.quoted_chars >= len("> QUOTED: the offer")


@pytest.mark.parametrize(
    "history",
    [
        "-----Original Message-----\nFrom: Bob\nSent: Monday\nTo: Priya\nSubject: Offer\n\nQUOTED",
        "---------- Forwarded message ---------\nFrom: Bob <bob@acme.example>\nDate: Mon\n\nQUOTED",
        "________________________________\nFrom: Bob <bob@acme.example>\nSent: Monday\n\nQUOTED",
        "From: Bob Smith <bob@acme.example>\nSent: Monday, March 4, 2024 6:02 PM\nTo: P\n\nQUOTED",
        "*From:* Bob Smith <bob@acme.example>\n*Date:* Monday, March 4, 2024\n\nQUOTED",
        "Von: Bob Smith <bob@acme.example>\nGesendet: Montag, 4. März 2024 18:02\n\nQUOTED",
        "De : Bob Smith <bob@acme.example>\nEnvoyé : lundi 4 mars 2024 18:02\n\nQUOTED",
        "Od: Bob Smith <bob@acme.example>\nWysłano: poniedziałek\n\nQUOTED",
        "Begin forwarded message:\n\nFrom: Bob Smith <bob@acme.example>\n\nQUOTED",
    ],
)
def test_outlook_and_forward_blocks_are_cut(history: str) -> None:
    reply = split_reply(f"FYI, see below.\n\n{history}\n")
    assert reply.text == "FYI, see below."
    assert reply.quoted_chars > len("QUOTED")


def test_inline_answers_keep_the_answers() -> None:
    body = "Answers inline.\n\n> Do you need SSO?\nYes, with Okta.\n\n> Seats?\n25 to start.\n"
    reply = split_reply(body)
    assert reply.text == "Answers inline.\n\nYes, with Okta.\n\n25 to start."
    assert reply.quoted_chars == len("> Do you need SSO?\n> Seats?\n")


def test_a_colon_line_that_is_no_attribution_does_not_cut() -> None:
    body = "Here are my answers:\n> Do you need SSO?\nYes.\n> Seats?\n25.\n"
    assert split_reply(body).text == "Here are my answers:\nYes.\n25."


def test_everything_quoted_is_kept_without_quote_marks() -> None:
    reply = split_reply("> Only\n>> quoted\n> text\n")
    assert reply == ReplyText(text="Only\nquoted\ntext", signature=None, quoted_chars=0)


def test_text_after_a_long_history_is_bounded() -> None:
    reply = split_reply("x" * 50 + "\n" + "y" * 50, max_chars=60)
    assert reply.text == "x" * 50 + "\n" + "y" * 9


def test_long_lines_starting_with_on_are_kept() -> None:
    paragraph = "On our call " + "we went through the renewal terms and the seat count. " * 60
    body = "\n\n".join([paragraph] * 20) + "\n\nOn Mon, 4 Mar 2024, Bob <b@x.y> wrote:\n> old\n"
    reply = split_reply(body)
    assert reply.text == "\n\n".join([paragraph.strip()] * 20)


# -- signatures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "text", "signature"),
    [
        ("Deal.\n\nBest regards,\nPriya\n+91 98765", "Deal.", "Best regards,\nPriya\n+91 98765"),
        ("Deal.\n\nThanks, John\nJohn Doe | CEO", "Deal.", "Thanks, John\nJohn Doe | CEO"),
        ("Deal.\n\n-- \nJohn Doe\nAcme", "Deal.", "--\nJohn Doe\nAcme"),
        ("Deal.\n\nSent from my iPhone", "Deal.", "Sent from my iPhone"),
        ("Deal.\n\nGet Outlook for iOS<https://aka.ms/o0ukef>", "Deal.", "Get Outlook for iOS<https://aka.ms/o0ukef>"),
        ("Passt.\n\nViele Grüße\nHans", "Passt.", "Viele Grüße\nHans"),
        ("Ça marche.\n\nCordialement,\nRené", "Ça marche.", "Cordialement,\nRené"),
        ("Vale.\n\nUn saludo,\nAna", "Vale.", "Un saludo,\nAna"),
        ("Certo.\n\nCordiali saluti\nLuca", "Certo.", "Cordiali saluti\nLuca"),
        ("Prima.\n\nMet vriendelijke groeten,\nJan", "Prima.", "Met vriendelijke groeten,\nJan"),
        ("Combinado.\n\nAtenciosamente,\nJoão", "Combinado.", "Atenciosamente,\nJoão"),
        ("ठीक है।\n\nधन्यवाद\nप्रिया", "ठीक है।", "धन्यवाद\nप्रिया"),
    ],
)  # fmt: skip
def test_signatures(body: str, text: str, signature: str) -> None:
    reply = split_reply(body)
    assert (reply.text, reply.signature) == (text, signature)


@pytest.mark.parametrize(
    "body",
    [
        "Hi Bob,\n\nThanks, that works for us.\nSee you Friday.",  # "Thanks," starts a sentence
        "Sounds good.\nTake the Friday slot.",  # Danish "Tak" is not "Take"
        "We need:\n- 10 seats\n- SSO with Okta\n- an invoice in INR",  # a list, not "-John"
        "Our numbers:\nData: 3 TB a month\nUsers: 40",  # Polish "Data:" alone is no header
        "Please send my\nregards to the team, and the contract.",  # a wrapped line
        "Thanks!",  # a sign-off that is the whole message
    ],
)
def test_the_customers_own_words_are_not_a_signature(body: str) -> None:
    reply = split_reply(body)
    assert (reply.text, reply.signature, reply.quoted_chars) == (body, None, 0)


def test_signature_before_history_goes_to_signature_not_text() -> None:
    body = (
        "Deal, send the contract.\n\nBest regards,\nPriya Sharma\nPAN ABCDE1234F\n"
        "12 MG Road, Bengaluru\n\nOn Mon, 4 Mar 2024, Bob <bob@acme.example> wrote:\n> Offer\n"
    )
    reply = split_reply(body)
    assert reply.text == "Deal, send the contract."
    assert reply.signature == "Best regards,\nPriya Sharma\nPAN ABCDE1234F\n12 MG Road, Bengaluru"
    assert reply.quoted_chars > 0
