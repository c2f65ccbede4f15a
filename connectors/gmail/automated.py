"""Tell mail that must not be answered from a person's mail.

Answering a machine wastes a reply at best, and at worst starts a loop with another
auto-responder or mails a mailing list's subscribers. The checks run from the most specific
reason to the most general, so a bounce (which also carries ``Auto-Submitted``) is reported as
a bounce and a Mailchimp newsletter (which also carries ``Precedence: bulk``) as a newsletter.

Only standard or near-universal signals are used (RFC 3834 ``Auto-Submitted``, RFC 3464
reports, RFC 2369/2919 list fields, ``Precedence``), and those that ordinary mail also carries
are not: Outlook and Exchange put ``X-Auto-Response-Suppress`` on meeting requests and much
everyday mail, so it is ignored; Gmail's category labels, a guess, count after every header
and only for a mail that is not a reply, since a prospect answering us is a reply even when
Gmail files it under Updates. A discussion list (List-Post) is a mailing list, a list one can
only leave (List-Unsubscribe without List-Post) a newsletter. List
fields of a list on the mailbox's own domain are ignored: a Google Group used as a shared
inbox (sales@ the user's company) stamps them on every prospect mail it passes on.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import StrEnum

from connectors.gmail.mime import ParsedMail


class SkipReason(StrEnum):
    """Why a mail is left unanswered; the value is stable, for storage and metrics."""

    OWN_MAIL = "own_mail"
    SPAM = "spam"
    BOUNCE = "bounce"
    AUTO_REPLY = "auto_reply"
    MAILING_LIST = "mailing_list"
    NEWSLETTER = "newsletter"
    BULK = "bulk"


_OWN_LABELS = frozenset({"SENT", "DRAFT"})
_SPAM_LABELS = frozenset({"SPAM", "TRASH"})
_CATEGORY_LABELS = frozenset(
    {"CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL", "CATEGORY_UPDATES", "CATEGORY_FORUMS"}
)
_BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster", "mail-daemon"})
_NO_REPLY = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply", re.IGNORECASE)
_OUT_OF_OFFICE = re.compile(
    r"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:out of (?:the )?office|automatic reply|auto[- ]?reply"
    r"|auto[- ]?response|autoresponse|abwesenheitsnotiz|automatische antwort"
    r"|r[ée]ponse automatique|absence du bureau|respuesta autom[áa]tica|fuera de la oficina"
    r"|risposta automatica|fuori sede|automatisch antwoord|afwezigheidsbericht"
    r"|resposta autom[áa]tica|automatisk svar|autosvar|odpowied[źz] automatyczna"
    r"|automatická odpověď|自动回复|自動返信|자동 회신)\s*(?:[:：(–-]|$)",
    re.IGNORECASE,
)
_FALSE_VALUES = frozenset({"no", "false", "0", "off"})


def skip_reason(
    mail: ParsedMail, mailbox_address: str, label_ids: Collection[str] = ()
) -> SkipReason | None:
    """Why ``mail`` must not be answered from ``mailbox_address``; None for a person's mail.

    ``label_ids`` are the Gmail labels of the message (``users.messages.get`` ``labelIds``).
    """
    labels = frozenset(label_ids)
    sender = mail.sender.address.casefold() if mail.sender is not None else ""
    mailbox = mailbox_address.strip().casefold()
    if labels & _OWN_LABELS or (sender and sender == mailbox):
        return SkipReason.OWN_MAIL
    if labels & _SPAM_LABELS:
        return SkipReason.SPAM
    headers = mail.automation
    report_type = headers.report_type if headers.content_type == "multipart/report" else None
    if report_type == "delivery-status" or sender.partition("@")[0] in _BOUNCE_SENDERS:
        return SkipReason.BOUNCE
    if _is_auto_reply(mail) or report_type is not None:  # read receipts and other reports
        return SkipReason.AUTO_REPLY
    if headers.return_path is not None and headers.return_path.strip("<> \t") == "":
        return SkipReason.BOUNCE  # null envelope sender, with no sign of an auto-reply
    own_list = _is_own_list(mail, mailbox.rpartition("@")[2])
    if not own_list and (headers.list_post or headers.mailing_list or _precedence(mail) == "list"):
        return SkipReason.MAILING_LIST
    if (headers.list_unsubscribe and not own_list) or _NO_REPLY.search(sender.partition("@")[0]):
        return SkipReason.NEWSLETTER
    if headers.list_id and not own_list:
        return SkipReason.MAILING_LIST
    if _precedence(mail) in ("bulk", "junk"):
        return SkipReason.BULK
    if labels & _CATEGORY_LABELS and mail.in_reply_to is None and not mail.references:
        return SkipReason.NEWSLETTER  # Gmail's own guess, weaker than any header
    return None


def _is_auto_reply(mail: ParsedMail) -> bool:
    headers = mail.automation
    auto_submitted = (headers.auto_submitted or "").split(";")[0].strip().lower()
    return (
        auto_submitted not in ("", "no")
        or _flag(headers.x_autoreply)
        or _flag(headers.x_autorespond)
        or _precedence(mail) == "auto_reply"
        or bool(_OUT_OF_OFFICE.match(mail.subject))
    )


def _flag(value: str | None) -> bool:
    """An X-Autoreply/X-Autorespond field: present with any value but an explicit "no"."""
    return value is not None and value.strip().lower() not in _FALSE_VALUES


def _precedence(mail: ParsedMail) -> str:
    return (mail.automation.precedence or "").strip().lower()


def _is_own_list(mail: ParsedMail, domain: str) -> bool:
    """Whether the list fields belong to a list on the mailbox's own domain: List-Id ends in
    ``.<domain>`` (RFC 2919) or List-Post is a mailto: address at ``<domain>``."""
    if not domain:
        return False
    list_id = (mail.automation.list_id or "").casefold()
    list_post = (mail.automation.list_post or "").casefold()
    return bool(
        re.search(rf"[.@]{re.escape(domain)}>?\s*$", list_id)
        or re.search(rf"<mailto:[^>@]+@{re.escape(domain)}[>?]", list_post)
    )
