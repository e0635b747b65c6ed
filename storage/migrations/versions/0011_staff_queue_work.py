"""staff queue work

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 04:10:00

Assigned officers and canned replies per unit (the queue's named assignee, «Việc của tôi»
and the report page's replies).
"""

from collections.abc import Sequence

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
