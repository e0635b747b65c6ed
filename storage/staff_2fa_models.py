"""Tables of staff two-factor login: TOTP secrets, recovery codes, logins waiting for a code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class StaffTotp(Base):
    """An account's TOTP secret; two-factor login is on once ``confirmed_at`` is set.

    The secret must be readable to check codes, so it is stored as is (like the database's other
    credentials, it is protected by who can read the database). ``last_step`` is the time step of
    the last code accepted: a code of that step or an earlier one is refused (no replay).
    """

    __tablename__ = "staff_totp"

    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None] = mapped_column(Integer)


class StaffRecoveryCode(Base):
    """A one-time recovery code (only its SHA-256 digest); ``used_at`` once it has served."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class StaffLoginChallenge(Base):
    """A login whose password was right, waiting for the second factor (hash of its cookie)."""

    __tablename__ = "staff_login_challenges"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    next_path: Mapped[str | None] = mapped_column(String(500))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
