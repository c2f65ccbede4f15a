"""Gmail: connected mailboxes (address and OAuth credentials encrypted, sync state) and the
messages each mailbox has already fetched.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("address_ct", sa.LargeBinary(), nullable=False),
        sa.Column("address_index", sa.String(length=64), nullable=False),
        sa.Column("credentials_ct", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("history_id", sa.String(length=32), nullable=True),
        sa.Column("watch_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sync_requested", sa.Boolean(), nullable=False),
        sa.Column("sync_owner", sa.String(length=64), nullable=True),
        sa.Column("sync_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_mailboxes_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailboxes")),
        sa.UniqueConstraint(
            "workspace_id", "address_index", name=op.f("uq_mailboxes_workspace_id")
        ),
    )
    op.create_index(op.f("ix_mailboxes_workspace_id"), "mailboxes", ["workspace_id"], unique=False)
    op.create_table(
        "seen_mail",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("mailbox_id", sa.String(length=32), nullable=False),
        sa.Column("gmail_id", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mailbox_id"], ["mailboxes.id"], name=op.f("fk_seen_mail_mailbox_id_mailboxes")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_seen_mail_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seen_mail")),
        sa.UniqueConstraint("mailbox_id", "gmail_id", name=op.f("uq_seen_mail_mailbox_id")),
    )
    op.create_index(op.f("ix_seen_mail_workspace_id"), "seen_mail", ["workspace_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        app_role = context.config.attributes.get("app_role", "aspinix_app")
        role = op.get_bind().dialect.identifier_preparer.quote(app_role)
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON mailboxes, seen_mail TO {role}")


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_mail_workspace_id"), table_name="seen_mail")
    op.drop_table("seen_mail")
    op.drop_index(op.f("ix_mailboxes_workspace_id"), table_name="mailboxes")
    op.drop_table("mailboxes")
