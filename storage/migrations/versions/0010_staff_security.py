"""staff tool security

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:55:00

Periodic reports get a random public id (what download links carry, so ids cannot be guessed or
counted) and a scope: the sorted ward codes they cover ("" for the whole province), so an
officer limited to some wards has reports of their own wards. One report per kind, period and
scope.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("generated_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("scope", sa.Text(), nullable=False, server_default=sa.text("''"))
        )
    table = sa.table("generated_reports", sa.column("id", sa.Integer), sa.column("public_id"))
    bind = op.get_bind()
    for (report_id,) in bind.execute(sa.select(table.c.id)).all():
        bind.execute(
            table.update()
            .where(table.c.id == report_id)
            .values(public_id=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table("generated_reports", schema=None) as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("scope", existing_type=sa.Text(), server_default=None)
        batch_op.create_unique_constraint("uq_generated_report_public_id", ["public_id"])
        batch_op.drop_constraint("uq_generated_report_period", type_="unique")
        batch_op.create_unique_constraint(
            "uq_generated_report_period", ["kind", "period_start", "scope"]
        )


def downgrade() -> None:
    op.execute("DELETE FROM generated_reports WHERE scope <> ''")
    with op.batch_alter_table("generated_reports", schema=None) as batch_op:
        batch_op.drop_constraint("uq_generated_report_period", type_="unique")
        batch_op.create_unique_constraint("uq_generated_report_period", ["kind", "period_start"])
        batch_op.drop_constraint("uq_generated_report_public_id", type_="unique")
        batch_op.drop_column("scope")
        batch_op.drop_column("public_id")
