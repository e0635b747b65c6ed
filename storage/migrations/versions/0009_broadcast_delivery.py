"""campaign delivery exactly once

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:55:00

Outbox rows remember how many of their messages were delivered (``step``: a photo before a long
text), so a restart resumes at the message not yet sent; a row whose call's outcome could not be
learned is ``unknown`` (a status value, no schema change). ``send_rate_budgets`` holds the send
rate of a bot token shared by every sender process on PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("broadcast_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "send_rate_budgets",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("last_slot", sa.Float(), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    # Rows the old sender gave up on as «interrupted» were in doubt, not refused: say so.
    op.execute(
        "UPDATE broadcast_outbox SET status = 'unknown' "
        "WHERE status = 'failed' AND error = 'interrupted'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE broadcast_outbox SET status = 'failed', error = 'interrupted' "
        "WHERE status = 'unknown'"
    )
    op.drop_table("send_rate_budgets")
    with op.batch_alter_table("broadcast_outbox", schema=None) as batch_op:
        batch_op.drop_column("step")
