"""The tables. Columns ending in ``_ct`` hold AES-GCM ciphertext (see ``store.crypto``); columns
ending in ``_index`` hold keyed blind indexes. No column holds personal data in plaintext.

Every table carries ``workspace_id``: repositories filter on it, so no query crosses workspaces.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ID = String(32)


def new_id() -> str:
    """A random row id (hex UUID4): portable across SQLite and PostgreSQL, never guessable."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """Timestamps are always timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` with its zone: SQLite hands timestamps back without it, and every one
    stored is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING)


def _workspace_fk() -> Mapped[str]:
    return mapped_column(ID, ForeignKey("workspaces.id"), index=True)


class Workspace(Base):
    """A business using Aspinix; the unit of isolation and of key management."""

    __tablename__ = "workspaces"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Every console user must use a one-time code, not only admins.
    mfa_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DataKey(Base):
    """A workspace key, wrapped by a master key. ``purpose`` is "data" or "index"."""

    __tablename__ = "data_keys"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    purpose: Mapped[str] = mapped_column(String(16))
    master_key_id: Mapped[str] = mapped_column(String(32))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Contact(Base):
    """A prospect (lead). Rights flags live here; consent history in ``consent_records``."""

    __tablename__ = "contacts"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    name_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    objections: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The privacy-notice version last shown to the contact; a new version is shown again.
    notice_version: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChannelIdentity(Base):
    """How a contact is reached: a WhatsApp wa_id or BSUID, a phone number, an e-mail address."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("workspace_id", "kind", "value_index"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    contact_id: Mapped[str] = mapped_column(ID, ForeignKey("contacts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value_ct: Mapped[bytes] = mapped_column(LargeBinary)
    value_index: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Conversation(Base):
    """One thread with a contact on one channel."""

    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    contact_id: Mapped[str] = mapped_column(ID, ForeignKey("contacts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    # "ai" (the agent answers), "handed_off" (a rep should answer) or "taken_over" (a rep is).
    status: Mapped[str] = mapped_column(String(16), default="ai")
    # Why it was handed off, as a short code (never free text: it could carry personal data).
    handoff_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Which worker is answering the conversation, and until when: messages of one conversation
    # are handled in order, by one worker at a time; a dead worker's lease simply runs out.
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Message(Base):
    """A message in or out; the body is encrypted.

    An inbound message is the source of truth for its own processing (``state``: received,
    processing, answered, skipped, failed); an outbound one for its delivery (``delivery``:
    draft, queued, sending, sent, delivered, read, failed, rejected, unknown). ``reply_to_id``
    is unique: one reply per inbound message, whatever retries or races happen.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("workspace_id", "channel_message_id"),
        UniqueConstraint("reply_to_id"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8))
    channel_message_id: Mapped[str | None] = mapped_column(String(256), nullable=True)
    body_ct: Mapped[bytes] = mapped_column(LargeBinary)
    # The body as the AI provider saw it (pseudonymised), kept so later turns need not detect
    # again and a rep can see the guardrail at work; still encrypted, placeholders are linkable.
    egress_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # Who wrote it: "prospect", "ai", "playbook", "rep" or "system" (fixed confirmations).
    author: Mapped[str] = mapped_column(String(16), default="prospect")
    # text, interactive, button, image, audio, ..., reaction: what the channel delivered.
    content_kind: Mapped[str] = mapped_column(String(16), default="text")
    # Channel details (media reference, the message reacted to), encrypted JSON.
    meta_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    state: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reply_to_id: Mapped[str | None] = mapped_column(ID, ForeignKey("messages.id"), nullable=True)
    delivery: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    # Why a delivery failed or waits, as a short code (never free text).
    delivery_error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    delivery_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Lead(Base):
    """What the agent learned about a conversation's prospect, and the score computed from it.

    Facts quote the prospect's own words, so they are stored encrypted; the score, priority and
    reasons are derived numbers and rubric wording, kept in the clear for sorting and filtering.
    """

    __tablename__ = "leads"
    __table_args__ = (UniqueConstraint("workspace_id", "conversation_id"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id"))
    contact_id: Mapped[str] = mapped_column(ID, ForeignKey("contacts.id"), index=True)
    facts_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    follow_up_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    priority: Mapped[str | None] = mapped_column(String(8), nullable=True)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VaultEntry(Base):
    """One placeholder of a conversation's pseudonymisation vault and its encrypted value."""

    __tablename__ = "vault_entries"
    __table_args__ = (UniqueConstraint("conversation_id", "placeholder"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id"), index=True)
    placeholder: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    value_ct: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConsentRecord(Base):
    """One consent event. Appended, never updated: the latest per purpose is the state."""

    __tablename__ = "consent_records"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    contact_id: Mapped[str] = mapped_column(ID, ForeignKey("contacts.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(64))
    granted: Mapped[bool] = mapped_column(Boolean)
    source_channel: Mapped[str] = mapped_column(String(32))
    evidence_message_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("messages.id"), nullable=True
    )
    notice_version: Mapped[str | None] = mapped_column(String(32), nullable=True)
    actor: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProcessingRecord(Base):
    """One processing step that touched personal data: what, why, to whom; never the payload."""

    __tablename__ = "processing_records"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    contact_id: Mapped[str] = mapped_column(ID, ForeignKey("contacts.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("conversations.id"), nullable=True
    )
    purpose: Mapped[str] = mapped_column(String(64))
    lawful_basis: Mapped[str] = mapped_column(String(32))
    data_categories: Mapped[list[str]] = mapped_column(JSON)
    recipient_provider: Mapped[str] = mapped_column(String(200))
    recipient_model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recipient_region: Mapped[str | None] = mapped_column(String(64), nullable=True)
    redaction_counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    prompt_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """One link of a workspace's hash chain. Append-only: the database refuses edits on
    PostgreSQL, and ``aspinix audit verify`` catches them anywhere. ``created_at`` is text so
    the exact bytes that were hashed are the bytes stored."""

    __tablename__ = "audit_entries"
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))
    subject: Mapped[str] = mapped_column(String(128))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class PolicyVersion(Base):
    """A version of the guardrail policy (YAML text); the highest version is in force."""

    __tablename__ = "policy_versions"
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    policy_yaml: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SettingsVersion(Base):
    """One saved section of a workspace's settings (purposes, privacy notice, reply mode,
    working hours, rubric). Versions count across all sections of a workspace, so the highest
    version number says whether anything changed; the newest row of a section is in force."""

    __tablename__ = "settings_versions"
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    section: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Mailbox(Base):
    """A connected Gmail mailbox: its address (encrypted, blind-indexed), its OAuth
    credentials (encrypted; deleted on disconnect), and where its sync stands."""

    __tablename__ = "mailboxes"
    __table_args__ = (UniqueConstraint("workspace_id", "address_index"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    address_ct: Mapped[bytes] = mapped_column(LargeBinary)
    address_index: Mapped[str] = mapped_column(String(64))
    credentials_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # "connected", "revoked" (Google refused the refresh token) or "disconnected".
    status: Mapped[str] = mapped_column(String(16), default="connected")
    # The Gmail history id everything up to which has been read.
    history_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    watch_expires_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    # One worker syncs a mailbox at a time; a push that arrives meanwhile sets the flag and
    # the holder syncs again before letting go.
    sync_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    sync_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sync_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Why the last sync or renewal failed, as a short code (never free text).
    last_error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SeenMail(Base):
    """A Gmail message already fetched, and what became of it ("stored" or why it was
    skipped): each message is fetched once, even the ones that are not kept."""

    __tablename__ = "seen_mail"
    __table_args__ = (UniqueConstraint("mailbox_id", "gmail_id"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    mailbox_id: Mapped[str] = mapped_column(ID, ForeignKey("mailboxes.id"))
    gmail_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """A person who signs in to the console: a rep, an admin or an auditor of one workspace.

    The e-mail address is encrypted and blind-indexed like a prospect's; the password is an
    Argon2 hash; the TOTP secret is encrypted; recovery codes are kept as SHA-256 digests.
    """

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("workspace_id", "email_index"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    workspace_id: Mapped[str] = _workspace_fk()
    email_ct: Mapped[bytes] = mapped_column(LargeBinary)
    email_index: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    totp_secret_ct: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # False while a secret is issued but not yet confirmed with a code.
    mfa_enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last TOTP time step accepted: a code is good once.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    recovery_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConsoleSession(Base):
    """A signed-in browser (or one half-way through signing in: ``stage`` "mfa" or "enrol").

    Only the SHA-256 of the cookie's token is stored, so a copy of the database opens no
    session; deleting a user's rows signs them out everywhere.
    """

    __tablename__ = "console_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    workspace_id: Mapped[str] = _workspace_fk()
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
