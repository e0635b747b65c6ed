"""report queue indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00.000000

The staff queue sorts by urgency (cao first) then age; an expression index on exactly the
ordering the queue uses lets both databases walk the index instead of sorting every open report.
On PostgreSQL a trigram index serves the ``LIKE '%term%'`` search over the folded text when the
pg_trgm extension can be created; SQLite and servers without it simply scan.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Must stay identical to storage.report_queries.URGENCY_RANK_SQL.
URGENCY_RANK_SQL = "CASE urgency WHEN 'cao' THEN 0 WHEN 'trung_binh' THEN 1 ELSE 2 END"


def upgrade() -> None:
    op.create_index(
        "ix_reports_queue_order",
        "reports",
        [sa.text(f"({URGENCY_RANK_SQL})"), "created_at", "id"],
    )
    op.create_index("ix_reports_status_created", "reports", ["status", "created_at"])
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        savepoint.rollback()  # no privilege or package: the search scans instead
        return
    savepoint.commit()
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_reports_search_trgm ON reports "
        "USING gin (search_text gin_trgm_ops)"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_reports_search_trgm")
    op.drop_index("ix_reports_status_created", table_name="reports")
    op.drop_index("ix_reports_queue_order", table_name="reports")
