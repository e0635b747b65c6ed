"""the durable inbox of incoming updates

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_updates",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_key", sa.String(length=64), nullable=True),
        sa.Column("update_key", sa.String(length=64), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_inbox_claim", "inbox_updates", ["state", "next_attempt_at"])
    op.create_index("ix_inbox_chat_order", "inbox_updates", ["channel", "chat_key", "state", "id"])


def downgrade() -> None:
    op.drop_index("ix_inbox_chat_order", table_name="inbox_updates")
    op.drop_index("ix_inbox_claim", table_name="inbox_updates")
    op.drop_table("inbox_updates")
