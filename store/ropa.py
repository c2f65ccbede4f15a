"""The record of processing activities (GDPR Art. 30(1)), derived from the purposes catalogue
and what the processing records show actually happened: one row per purpose."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from guardrails.consent import PurposeCatalogue
from store.models import ProcessingRecord, Workspace

DATA_SUBJECTS = "prospects and leads who contact the business"
SECURITY_MEASURES = (
    "pseudonymisation before any AI provider; AES-256-GCM encryption at rest under per-workspace "
    "keys; keyed blind indexes; consent gate before each step; hash-chained audit log"
)
COLUMNS = (
    "controller",
    "workspace",
    "purpose",
    "description",
    "lawful_basis",
    "data_categories",
    "data_subjects",
    "recipients",
    "transfer_regions",
    "retention_days",
    "excluded_sources",
    "security_measures",
    "processing_count",
    "first_processed",
    "last_processed",
)


class RopaFormat(StrEnum):
    """The formats the ROPA is exported in."""

    JSON = "json"
    CSV = "csv"


def build_ropa(
    session: Session, workspace: Workspace, catalogue: PurposeCatalogue
) -> list[dict[str, Any]]:
    """One Art. 30 row per purpose of the catalogue, with recipients seen in the records."""
    recipients: dict[str, set[str]] = {}
    regions: dict[str, set[str]] = {}
    for purpose_name, provider, model, region in session.execute(
        select(
            ProcessingRecord.purpose,
            ProcessingRecord.recipient_provider,
            ProcessingRecord.recipient_model,
            ProcessingRecord.recipient_region,
        )
        .where(ProcessingRecord.workspace_id == workspace.id)
        .distinct()
    ):
        label = f"{provider} ({model})" if model else provider
        recipients.setdefault(purpose_name, set()).add(label)
        if region:
            regions.setdefault(purpose_name, set()).add(region)
    counts = {
        purpose_name: (count, first, last)
        for purpose_name, count, first, last in session.execute(
            select(
                ProcessingRecord.purpose,
                func.count(),
                func.min(ProcessingRecord.created_at),
                func.max(ProcessingRecord.created_at),
            )
            .where(ProcessingRecord.workspace_id == workspace.id)
            .group_by(ProcessingRecord.purpose)
        )
    }
    rows = []
    for name, purpose in sorted(catalogue.purposes.items()):
        count, first, last = counts.get(name, (0, None, None))
        rows.append(
            {
                "controller": catalogue.controller,
                "workspace": workspace.name,
                "purpose": name,
                "description": purpose.description,
                "lawful_basis": purpose.lawful_basis.value,
                "data_categories": list(purpose.data_categories),
                "data_subjects": DATA_SUBJECTS,
                "recipients": sorted(recipients.get(name, ())),
                "transfer_regions": sorted(regions.get(name, ())),
                "retention_days": purpose.retention_days,
                "excluded_sources": sorted(purpose.forbidden_sources),
                "security_measures": SECURITY_MEASURES,
                "processing_count": count,
                "first_processed": first.isoformat() if first else None,
                "last_processed": last.isoformat() if last else None,
            }
        )
    return rows


def ropa_json(rows: list[dict[str, Any]]) -> str:
    """The ROPA as a JSON document."""
    return json.dumps({"record_of_processing_activities": rows}, indent=2, ensure_ascii=False)


def ropa_csv(rows: list[dict[str, Any]]) -> str:
    """The ROPA as CSV; list fields are joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()


def ropa_document(rows: list[dict[str, Any]], fmt: RopaFormat) -> str:
    """The ROPA in ``fmt``: what ``aspinix ropa export`` writes and the console downloads."""
    return ropa_json(rows) if fmt is RopaFormat.JSON else ropa_csv(rows)
