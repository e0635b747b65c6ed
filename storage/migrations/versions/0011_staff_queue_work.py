"""staff queue work

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 04:10:00

Assigned officers and canned replies per unit (the queue's named assignee, «Việc của tôi»
and the report page's replies): ``reports.assigned_staff_id`` names the staff account in
charge; ``canned_replies`` holds reply texts admins keep per unit (a ward code, "" for all).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_staff_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_reports_assigned_staff_id"), ["assigned_staff_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_reports_assigned_staff_id", "staff_users", ["assigned_staff_id"], ["id"]
        )
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_replies")),
    )
    op.create_index("ix_canned_replies_unit", "canned_replies", ["unit", "title"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_canned_replies_unit", table_name="canned_replies")
    op.drop_table("canned_replies")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint("fk_reports_assigned_staff_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_reports_assigned_staff_id"))
        batch_op.drop_column("assigned_staff_id")
