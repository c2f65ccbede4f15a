"""Agent state: leads (facts, score), conversation hand-off, the notice version shown, what the
AI provider saw of each message and who wrote it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_version", sa.String(length=32), nullable=True))
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="ai")
        )
        batch_op.add_column(sa.Column("handoff_reason", sa.String(length=32), nullable=True))
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("egress_ct", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("author", sa.String(length=16), nullable=False, server_default="prospect")
        )
    op.create_table(
        "leads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("contact_id", sa.String(length=32), nullable=False),
        sa.Column("facts_ct", sa.LargeBinary(), nullable=True),
        sa.Column("follow_up_ct", sa.LargeBinary(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(length=8), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_leads_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_leads_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_leads_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
        sa.UniqueConstraint("workspace_id", "conversation_id", name=op.f("uq_leads_workspace_id")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leads_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_workspace_id"), ["workspace_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        app_role = context.config.attributes.get("app_role", "aspinix_app")
        role = op.get_bind().dialect.identifier_preparer.quote(app_role)
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON leads TO {role}")


def downgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leads_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_leads_contact_id"))
    op.drop_table("leads")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("author")
        batch_op.drop_column("egress_ct")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("handoff_reason")
        batch_op.drop_column("status")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("notice_version")
