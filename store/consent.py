"""Consent records: appended, never overwritten; the latest record per purpose is the state.

The book is also the gate's ``StandingSource``: it reads a contact's consents and rights flags
into the ``ContactStanding`` that ``guardrails.consent`` decides on.
"""

from __future__ import annotations

from sqlalchemy import select

from guardrails.consent import ContactStanding, PurposeCatalogue
from guardrails.keywords import ChannelKeyword, channel_keyword
from store.audit import AuditLog
from store.contacts import Contacts
from store.models import ConsentRecord, new_id
from store.scope import Scope


class ConsentBook:
    """Consent history and standing of one workspace's contacts."""

    def __init__(
        self, scope: Scope, catalogue: PurposeCatalogue, contacts: Contacts, audit: AuditLog
    ) -> None:
        self._scope = scope
        self._catalogue = catalogue
        self._contacts = contacts
        self._audit = audit
        self._consents: dict[str, dict[str, bool]] = {}  # this unit of work's reads

    def record(
        self,
        contact_id: str,
        purpose: str,
        granted: bool,
        *,
        source_channel: str,
        actor: str,
        evidence_message_id: str | None = None,
        notice_version: str | None = None,
    ) -> ConsentRecord:
        """Append a grant or a withdrawal, with its evidence, and audit it."""
        self._catalogue.get(purpose)
        contact = self._contacts.get(contact_id)
        record = ConsentRecord(
            id=new_id(),
            workspace_id=self._scope.workspace_id,
            contact_id=contact.id,
            purpose=purpose,
            granted=granted,
            source_channel=source_channel,
            evidence_message_id=evidence_message_id,
            notice_version=notice_version,
            actor=actor,
        )
        self._scope.session.add(record)
        self._consents.pop(contact.id, None)
        self._audit.append(
            "consent.granted" if granted else "consent.withdrawn",
            actor,
            contact.id,
            {
                "purpose": purpose,
                "record": record.id,
                "source_channel": source_channel,
                "evidence_message": evidence_message_id,
                "notice_version": notice_version,
            },
        )
        return record

    def history(self, contact_id: str) -> list[ConsentRecord]:
        """Every consent record of the contact, oldest first."""
        contact = self._contacts.get(contact_id)
        return list(
            self._scope.session.scalars(
                select(ConsentRecord)
                .where(
                    ConsentRecord.workspace_id == self._scope.workspace_id,
                    ConsentRecord.contact_id == contact.id,
                )
                .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
            )
        )

    def standing(self, contact_id: str) -> ContactStanding:
        """The contact's consents (latest per purpose) and rights flags, for the gate."""
        contact = self._contacts.get(contact_id)
        if contact.id not in self._consents:
            history = self.history(contact.id)
            self._consents[contact.id] = {r.purpose: r.granted for r in history}
        consents = self._consents[contact.id]
        return ContactStanding(
            contact_id=contact.id,
            consents=consents,
            restricted=contact.restricted,
            objections=frozenset(contact.objections or ()),
            minor=contact.minor,
        )

    def apply_channel_keyword(
        self,
        contact_id: str,
        text: str,
        *,
        source_channel: str,
        message_id: str | None,
        notice_version: str | None = None,
    ) -> ChannelKeyword | None:
        """If the message is STOP or START, withdraw or grant the keyword purposes (marketing)
        with the message as evidence; call this before anything else touches the message."""
        keyword = channel_keyword(text)
        if keyword is None:
            return None
        for purpose in self._catalogue.stop_keyword_purposes():
            self.record(
                contact_id,
                purpose,
                keyword is ChannelKeyword.START,
                source_channel=source_channel,
                actor=f"contact:{source_channel}-keyword",
                evidence_message_id=message_id,
                notice_version=notice_version,
            )
        return keyword
