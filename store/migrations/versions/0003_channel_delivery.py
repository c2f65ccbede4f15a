"""Channels and delivery: each inbound message's processing state, each outbound message's
delivery state and the inbound message it answers (one reply each), what the channel delivered
(kind, encrypted details), and the per-conversation worker lease.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_kind", sa.String(length=16), nullable=False, server_default="text")
        )
        batch_op.add_column(sa.Column("meta_ct", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("state", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("reply_to_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("delivery", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("delivery_error", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("delivery_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_reply_to_id_messages"), "messages", ["reply_to_id"], ["id"]
        )
        batch_op.create_unique_constraint(batch_op.f("uq_messages_reply_to_id"), ["reply_to_id"])
        batch_op.create_index(batch_op.f("ix_messages_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_messages_delivery"), ["delivery"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_delivery"))
        batch_op.drop_index(batch_op.f("ix_messages_state"))
        batch_op.drop_constraint(batch_op.f("uq_messages_reply_to_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_messages_reply_to_id_messages"), type_="foreignkey")
        for column in (
            "delivery_at",
            "delivery_error",
            "delivery",
            "reply_to_id",
            "attempts",
            "state",
            "meta_ct",
            "content_kind",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_owner")
