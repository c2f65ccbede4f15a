"""Versioned workspace settings: purposes, privacy notice, reply mode, working hours and the
lead-score rubric an admin sets in the console (append-only: a change is a new version).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings_versions",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=128), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_settings_versions_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "version", name=op.f("pk_settings_versions")),
    )
    if op.get_bind().dialect.name == "postgresql":
        app_role = context.config.attributes.get("app_role", "aspinix_app")
        role = op.get_bind().dialect.identifier_preparer.quote(app_role)
        # Versions are never edited: a change is a new row.
        op.execute(f"GRANT SELECT, INSERT ON settings_versions TO {role}")


def downgrade() -> None:
    op.drop_table("settings_versions")
