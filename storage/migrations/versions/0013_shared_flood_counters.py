"""shared flood counters

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 04:10:00

Counters every worker process shares (flood limits per chat) kept in the database: one row per
chat with the time its allowance is used up to and the time of its last «slow down» notice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "flood_counters",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("busy_until", sa.Float(), nullable=False),
        sa.Column("notified_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("flood_counters")
