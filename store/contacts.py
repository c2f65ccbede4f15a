"""Contacts (leads) and their channel identities, encrypted, found through blind indexes."""

from __future__ import annotations

from sqlalchemy import select

from store.audit import AuditLog
from store.errors import InvalidInput
from store.identities import IdentityKind, index_family, normalise_identity
from store.models import ChannelIdentity, Contact, new_id
from store.scope import Scope

NAME_COLUMN = "contacts.name"
IDENTITY_COLUMN = "channel_identities.value"


class Contacts:
    """The contacts of one workspace."""

    def __init__(self, scope: Scope, audit: AuditLog) -> None:
        self._scope = scope
        self._audit = audit

    def create(self, name: str | None = None) -> Contact:
        """A new contact; the name (if any) is stored encrypted."""
        contact = Contact(id=new_id(), workspace_id=self._scope.workspace_id, objections=[])
        if name:
            contact.name_ct = self._scope.keys.cipher.encrypt(name, NAME_COLUMN)
        self._scope.session.add(contact)
        self._scope.session.flush()  # rows referring to it may follow in this unit of work
        return contact

    def get(self, contact_id: str) -> Contact:
        """The contact, if it belongs to this workspace; NotFound otherwise."""
        return self._scope.owned(Contact, contact_id, "contact")

    def name(self, contact: Contact) -> str | None:
        """The contact's decrypted name."""
        if contact.name_ct is None:
            return None
        return self._scope.keys.cipher.decrypt(contact.name_ct, NAME_COLUMN)

    def set_name(self, contact: Contact, name: str) -> None:
        """Replace the contact's name (a channel profile name changed, say)."""
        contact.name_ct = self._scope.keys.cipher.encrypt(name, NAME_COLUMN)

    def _index(self, kind: IdentityKind, value: str) -> str:
        family, _kinds = index_family(kind)
        return self._scope.keys.index.digest(family, normalise_identity(kind, value))

    def find(self, kind: IdentityKind, value: str) -> Contact | None:
        """The contact with this identifier, looked up by blind index only."""
        return self._scope.session.scalars(
            select(Contact)
            .join(ChannelIdentity, ChannelIdentity.contact_id == Contact.id)
            .where(
                ChannelIdentity.workspace_id == self._scope.workspace_id,
                ChannelIdentity.kind.in_(index_family(kind)[1]),
                ChannelIdentity.value_index == self._index(kind, value),
            )
            .limit(1)
        ).first()

    def add_identity(self, contact: Contact, kind: IdentityKind, value: str) -> None:
        """Attach an identifier; refused when it already belongs to another contact."""
        owner = self.find(kind, value)
        if owner is not None:
            if owner.id != contact.id:
                raise InvalidInput(f"this {kind} already belongs to another contact")
            return
        self._scope.session.add(
            ChannelIdentity(
                workspace_id=self._scope.workspace_id,
                contact_id=contact.id,
                kind=kind,
                value_ct=self._scope.keys.cipher.encrypt(value.strip(), IDENTITY_COLUMN),
                value_index=self._index(kind, value),
            )
        )

    def find_or_create(self, kind: IdentityKind, value: str, name: str | None = None) -> Contact:
        """The contact behind an identifier, created (with that identifier) on first contact."""
        contact = self.find(kind, value)
        if contact is None:
            contact = self.create(name)
            self.add_identity(contact, kind, value)
        return contact

    def identities(self, contact: Contact) -> list[tuple[IdentityKind, str]]:
        """The contact's identifiers, decrypted."""
        rows = self._scope.session.scalars(
            select(ChannelIdentity).where(
                ChannelIdentity.workspace_id == self._scope.workspace_id,
                ChannelIdentity.contact_id == contact.id,
            )
        )
        cipher = self._scope.keys.cipher
        return [(IdentityKind(r.kind), cipher.decrypt(r.value_ct, IDENTITY_COLUMN)) for r in rows]

    def set_restricted(self, contact: Contact, restricted: bool, actor: str) -> None:
        """The right to restriction: while set, the gate refuses every purpose."""
        contact.restricted = restricted
        action = "contact.restricted" if restricted else "contact.restriction_lifted"
        self._audit.append(action, actor, contact.id)

    def set_objection(self, contact: Contact, purpose: str, objects: bool, actor: str) -> None:
        """The right to object to one purpose (or to take the objection back)."""
        current = set(contact.objections or [])
        current = current | {purpose} if objects else current - {purpose}
        contact.objections = sorted(current)
        action = "contact.objected" if objects else "contact.objection_withdrawn"
        self._audit.append(action, actor, contact.id, {"purpose": purpose})

    def notice_due(self, contact: Contact, version: str) -> bool:
        """Whether the privacy notice ``version`` has yet to be shown to the contact."""
        return contact.notice_version != version

    def notice_shown(self, contact: Contact, version: str, actor: str) -> None:
        """Record that the notice ``version`` went out with a reply (an audit entry too)."""
        contact.notice_version = version
        self._audit.append("contact.notice_shown", actor, contact.id, {"version": version})

    def flag_age(self, contact: Contact, age: int, minor_age: int, actor: str) -> None:
        """Record what the contact's age means for processing: under ``minor_age``, no AI."""
        if age < 0 or age > 150:
            raise InvalidInput(f"age {age} is not plausible")
        contact.minor = age < minor_age
        self._audit.append("contact.age_flagged", actor, contact.id, {"minor": contact.minor})
