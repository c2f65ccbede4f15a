"""Sending stored replies and follow-ups by Gmail, in the prospect's thread, each at most once.

As on WhatsApp, the send is claim (compare-and-set to ``sending``), call, record: no
transaction stays open across the network call, and a worker that dies in between leaves
``sending`` for the recovery sweep to mark ``unknown`` rather than send twice. The reply is
composed from what the inbound message's encrypted details kept (its Message-ID, References,
subject, Gmail thread, the mailbox it came to); a follow-up threads on the prospect's latest
mail and carries a one-click unsubscribe link signed for the contact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agent.errors import ChannelRuleBroken
from agent.follow_ups import FOLLOW_UP_KIND
from agent.unsubscribe import unsubscribe_token, unsubscribe_url
from connectors.gmail.compose import compose_reply, to_gmail_raw
from connectors.gmail.errors import GmailError, GmailUnavailable, PermissionDenied, TokenRevoked
from connectors.gmail.mailbox_clients import MailboxClients
from connectors.gmail.mime import Address, AutomationHeaders, ParsedMail
from store.ledger import Ledger, Ledgers
from store.mailboxes import MailboxStatus
from store.models import Conversation
from store.outbox import Delivery

logger = logging.getLogger(__name__)
ACTOR = "gmail"
# Far below Gmail's 25 MB message limit: a reply longer than this is a mistake, not a mail.
MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class _Outgoing:
    mailbox_id: str
    credentials: dict[str, Any]
    from_address: str
    original: ParsedMail
    thread_id: str | None
    text: str
    unsubscribe_url: str | None


class NotSendable(Exception):
    """This message cannot go by Gmail; ``code`` is the reason stored for a rep."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _anchor(ledger: Ledger, conversation: Conversation, reply_to_id: str | None) -> dict[str, Any]:
    """The encrypted details of the prospect's mail a message answers (``reply_to_id``; for
    a follow-up, None: their latest mail); NotSendable when there is none."""
    inbound = (
        ledger.inbox.get(reply_to_id)
        if reply_to_id is not None
        else ledger.inbox.latest(conversation.id)
    )
    meta = ledger.conversations.meta(inbound) if inbound is not None else {}
    if "mailbox_id" not in meta:
        raise NotSendable("no_mail_to_reply_to")
    return meta


def _mailbox(ledger: Ledger, meta: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """The mailbox the prospect wrote to: its id, address and credentials."""
    mailbox = ledger.mailboxes.get(meta["mailbox_id"])
    credentials = ledger.mailboxes.credentials(mailbox)
    if mailbox.status != MailboxStatus.CONNECTED or credentials is None:
        raise NotSendable(f"mailbox_{mailbox.status}")
    return mailbox.id, ledger.mailboxes.address(mailbox), credentials


def check_sendable(ledger: Ledger, conversation: Conversation, text: str) -> None:
    """Gmail's rules for a text about to be queued: not empty, not huge, and a connected
    mailbox to send it from. Raises ChannelRuleBroken with the rule's code."""
    if not text.strip():
        raise ChannelRuleBroken("empty_text", "the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ChannelRuleBroken("text_too_long", f"longer than {MAX_TEXT_CHARS} characters")
    try:
        _mailbox(ledger, _anchor(ledger, conversation, None))
    except NotSendable as exc:
        raise ChannelRuleBroken(exc.code, "there is no connected mailbox to send from") from exc


def _original(meta: dict[str, Any]) -> ParsedMail:
    """The prospect's mail, as far as a reply needs it, from what its details kept."""
    reply_to = meta.get("reply_to")
    return ParsedMail(
        message_id=meta.get("message_id"),
        in_reply_to=None,
        references=tuple(meta.get("references") or ()),
        subject=meta.get("subject") or "",
        date=None,
        sender=Address(meta.get("from_name") or "", meta["from"]),
        reply_to=(Address("", reply_to),) if reply_to else (),
        to=(),
        cc=(),
        text="",
        signature=None,
        quoted_chars=0,
        attachments=(),
        automation=AutomationHeaders(),
    )


class GmailSender:
    """Delivers queued outbound messages of Gmail conversations."""

    def __init__(
        self,
        ledgers: Ledgers,
        clients: MailboxClients,
        public_url: str | None,
        on_revoked: Callable[[str, str], None],
    ) -> None:
        self._ledgers = ledgers
        self._clients = clients
        self._public_url = public_url
        self._on_revoked = on_revoked

    def deliver(self, workspace: str, message_id: str) -> None:
        """Send the queued message ``message_id`` unless another worker has it or it went."""
        try:
            outgoing = self._claim(workspace, message_id)
        except NotSendable as exc:
            self._record_failure(workspace, message_id, exc.code)
            return
        if outgoing is None:
            return
        mail = compose_reply(
            outgoing.original,
            from_address=outgoing.from_address,
            from_name=None,
            body=outgoing.text,
            unsubscribe_url=outgoing.unsubscribe_url,
        )
        client = self._clients.client(outgoing.mailbox_id, outgoing.credentials)
        try:
            sent = client.send(to_gmail_raw(mail), outgoing.thread_id)
        except TokenRevoked:
            self._on_revoked(workspace, outgoing.mailbox_id)
            self._record_failure(workspace, message_id, "mailbox_revoked")
        except PermissionDenied:
            self._record_failure(workspace, message_id, "gmail_permission_denied")
        except GmailUnavailable:
            # Gmail may or may not have taken it (a timeout): never sent twice, a rep decides.
            self._record_failure(workspace, message_id, "gmail_unavailable", Delivery.UNKNOWN)
        except GmailError as exc:
            self._record_failure(workspace, message_id, f"gmail_{type(exc).__name__}".lower())
        else:
            with self._ledgers.open(workspace, ACTOR) as ledger:
                ledger.outbox.sent(ledger.outbox.get(message_id), sent.id)

    def _claim(self, workspace: str, message_id: str) -> _Outgoing | None:
        with self._ledgers.open(workspace, ACTOR) as ledger:
            if not ledger.outbox.claim(message_id):
                return None
            message = ledger.outbox.get(message_id)
            conversation = ledger.conversations.get(message.conversation_id)
            meta = _anchor(ledger, conversation, message.reply_to_id)
            mailbox_id, address, credentials = _mailbox(ledger, meta)
            link = None
            if message.content_kind == FOLLOW_UP_KIND:
                if self._public_url is None:
                    raise NotSendable("no_public_url_for_unsubscribe")
                token = unsubscribe_token(ledger, conversation.contact_id)
                link = unsubscribe_url(self._public_url, token)
            return _Outgoing(
                mailbox_id=mailbox_id,
                credentials=credentials,
                from_address=address,
                original=_original(meta),
                thread_id=meta.get("thread_id"),
                text=ledger.conversations.body(message),
                unsubscribe_url=link,
            )

    def _record_failure(
        self, workspace: str, message_id: str, reason: str, delivery: Delivery = Delivery.FAILED
    ) -> None:
        logger.warning("gmail send failed", extra={"reason": reason})
        with self._ledgers.open(workspace, ACTOR) as ledger:
            message = ledger.outbox.get(message_id)
            ledger.outbox.fail(message, reason[:64], delivery)
            ledger.audit.append("delivery.failed", ACTOR, message_id, {"reason": reason[:64]})
