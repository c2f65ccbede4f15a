"""The privacy ledger of one workspace, in one unit of work: the entry point callers use.

It wires the repositories together so each processing step reads as the law asks:
``require`` (the consent gate) before the step, ``record_processing`` after it, both leaving a
trace in the hash-chained audit log. Open it with :meth:`Ledgers.open`; everything done
through it commits together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import select

from guardrails.consent import ConsentGate, Purpose, PurposeCatalogue
from store.audit import AuditLog
from store.consent import ConsentBook
from store.contacts import Contacts
from store.conversations import Conversations
from store.db import Database
from store.inbox import Inbox
from store.keys import KeyManager
from store.leads import Leads
from store.leases import Leases
from store.mailboxes import Mailboxes
from store.models import ProcessingRecord, Workspace
from store.outbox import Outbox
from store.policies import PolicyVersions
from store.processing import ProcessingLog, Recipient
from store.scope import Scope
from store.settings_versions import SettingsVersions, WorkspaceCatalogues
from store.users import Users
from store.workspaces import ensure_workspace

if TYPE_CHECKING:
    from store.vault import StoredVault


class Ledger:
    """Contacts, conversations, vaults, consent, processing and audit of one workspace."""

    def __init__(self, scope: Scope, catalogue: PurposeCatalogue, actor: str) -> None:
        self.scope = scope
        self.actor = actor
        self.catalogue = catalogue
        self.audit = AuditLog(scope.session, scope.workspace_id)
        self.contacts = Contacts(scope, self.audit)
        self.conversations = Conversations(scope)
        self.leads = Leads(scope)
        self.inbox = Inbox(scope, self.conversations)
        self.outbox = Outbox(scope)
        self.leases = Leases(scope)
        self.mailboxes = Mailboxes(scope, self.audit)
        self.users = Users(scope)
        self.consent = ConsentBook(scope, catalogue, self.contacts, self.audit)
        self.gate = ConsentGate(catalogue, self.consent)
        self.policies = PolicyVersions(scope.session, scope.workspace_id, self.audit)
        self.settings = SettingsVersions(scope.session, scope.workspace_id, self.audit)
        self._processing = ProcessingLog(scope, self.audit)

    def vault(self, conversation_id: str) -> StoredVault:
        """The conversation's encrypted vault (NotFound for another workspace's)."""
        # Imported here: the vault brings the guardrail's recognisers (Presidio), which the
        # ledger commands (consent, audit, ropa, keys) never need and should not wait for.
        from store.vault import StoredVault

        return StoredVault(self.scope, self.conversations.get(conversation_id).id)

    def checkpoint(self) -> None:
        """Commit what this unit of work has done so far and release its locks (SQLite's write
        lock, PostgreSQL's audit-chain lock) before a slow outside call such as a model request,
        so webhooks and other workers are not held up by it; the unit of work then goes on in a
        new transaction."""
        self.scope.session.commit()

    def require(self, contact_id: str, purpose: str, source: str | None = None) -> Purpose:
        """The consent gate: the purpose, or a ProcessingRefused saying why not. ``source`` is
        the channel the processed data came from, when it is a conversation's content."""
        return self.gate.require(contact_id, purpose, source)

    def require_for_conversation(self, conversation_id: str, purpose: str) -> Purpose:
        """The gate for a step that uses a conversation's content: its contact's standing and
        what its channel's terms allow (no Gmail data for AI training)."""
        conversation = self.conversations.get(conversation_id)
        return self.require(conversation.contact_id, purpose, conversation.channel)

    def record_processing(
        self,
        contact_id: str,
        purpose: str,
        recipient: Recipient,
        payload: str,
        redaction_counts: Mapping[str, int],
        prompt_version: str | None = None,
        conversation_id: str | None = None,
    ) -> ProcessingRecord:
        """Record a processing step; the gate is asked again (with the conversation's channel
        as the data's source), so no record exists for a step it would have refused."""
        source = (
            self.conversations.get(conversation_id).channel if conversation_id is not None else None
        )
        details = self.require(contact_id, purpose, source)
        return self._processing.record(
            contact_id=contact_id,
            purpose_name=purpose,
            purpose=details,
            recipient=recipient,
            payload=payload,
            redaction_counts=redaction_counts,
            actor=self.actor,
            prompt_version=prompt_version,
            conversation_id=conversation_id,
        )


class Ledgers:
    """Opens ledgers on one database; remembers workspace ids between units of work."""

    def __init__(self, database: Database, keys: KeyManager, catalogue: PurposeCatalogue) -> None:
        """``catalogue`` is the deployment's: a workspace whose admin saved none uses it."""
        self.database = database
        self.keys = keys
        self.catalogue = catalogue
        self._catalogues = WorkspaceCatalogues(catalogue)
        self._workspace_ids: dict[str, str] = {}

    def workspace_slugs(self) -> list[str]:
        """Every workspace's slug (for work done across all of them: sweeps, polls)."""
        with self.database.session() as session:
            return list(session.scalars(select(Workspace.slug)))

    @contextmanager
    def open(self, workspace_slug: str, actor: str = "system") -> Iterator[Ledger]:
        """A ledger for one unit of work: committed when the block ends, rolled back on error.

        The session takes the chain's write lock on SQLite, so keep the block short; read-only
        work can use ``Database.session`` instead.
        """
        with self.database.ledger_session() as session:
            workspace_id = self._workspace_ids.get(workspace_slug)
            if workspace_id is None:
                workspace_id = ensure_workspace(session, workspace_slug).id
            scope = Scope(session, workspace_id, self.keys.for_workspace(session, workspace_id))
            catalogue = self._catalogues.for_workspace(session, workspace_id)
            yield Ledger(scope, catalogue, actor)
        self._workspace_ids[workspace_slug] = workspace_id
