"""Processing records: one per step that touched personal data, for the ROPA and the auditor.

A record says what was done, why, on which basis, to whom the data went, what the guardrail
removed (counts per entity type), which prompt version was used and a SHA-256 of the payload as
sent, so a payload can be matched later without ever being stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from guardrails.consent import Purpose
from store.audit import AuditLog
from store.models import ProcessingRecord, new_id
from store.scope import Scope


@dataclass(frozen=True)
class Recipient:
    """Who received the data: provider host, model, region."""

    provider: str
    model: str | None = None
    region: str | None = None


class ProcessingLog:
    """Writes processing records (and their audit entries) for one workspace."""

    def __init__(self, scope: Scope, audit: AuditLog) -> None:
        self._scope = scope
        self._audit = audit

    def record(
        self,
        *,
        contact_id: str,
        purpose_name: str,
        purpose: Purpose,
        recipient: Recipient,
        payload: str,
        redaction_counts: Mapping[str, int],
        actor: str,
        prompt_version: str | None = None,
        conversation_id: str | None = None,
    ) -> ProcessingRecord:
        """Store the record and chain an audit entry that points at it."""
        record = ProcessingRecord(
            id=new_id(),
            workspace_id=self._scope.workspace_id,
            contact_id=contact_id,
            conversation_id=conversation_id,
            purpose=purpose_name,
            lawful_basis=purpose.lawful_basis.value,
            data_categories=list(purpose.data_categories),
            recipient_provider=recipient.provider,
            recipient_model=recipient.model,
            recipient_region=recipient.region,
            redaction_counts=dict(sorted(redaction_counts.items())),
            prompt_version=prompt_version,
            payload_sha256=hashlib.sha256(payload.encode()).hexdigest(),
        )
        self._scope.session.add(record)
        self._audit.append(
            "processing.recorded",
            actor,
            contact_id,
            {
                "record": record.id,
                "purpose": purpose_name,
                "lawful_basis": record.lawful_basis,
                "recipient": recipient.provider,
                "payload_sha256": record.payload_sha256,
            },
        )
        return record
