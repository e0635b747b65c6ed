"""queue order index on SQLite again

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 06:20:00

Migration 0003 creates the expression index the staff queue walks (urgency rank, then age). On
SQLite the later migrations that change ``reports`` copy the table in batch mode, and the copy
leaves the expression index behind (SQLAlchemy cannot reflect it), so migrated SQLite files had
none. This puts it back. A later migration that batch-alters ``reports`` on SQLite must create it
again afterwards.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Must stay identical to storage.queue_search.URGENCY_RANK_SQL (and migration 0003).
URGENCY_RANK_SQL = "CASE urgency WHEN 'cao' THEN 0 WHEN 'trung_binh' THEN 1 ELSE 2 END"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL kept the index of 0003
    op.execute(
        sa.text(
            "CREATE INDEX IF NOT EXISTS ix_reports_queue_order "
            f"ON reports (({URGENCY_RANK_SQL}), created_at, id)"
        )
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(sa.text("DROP INDEX IF EXISTS ix_reports_queue_order"))
