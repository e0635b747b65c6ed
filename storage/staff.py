"""Staff accounts and their login sessions. Never commits; the unit of work does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from storage.base import Repository
from storage.models import StaffSession, StaffUser


class StaffRepository(Repository):
    """``uow.staff``: staff users and sessions."""

    async def get(self, user_id: int) -> StaffUser | None:
        """The account with this id."""
        return await self.session.get(StaffUser, user_id)

    async def by_username(self, username: str) -> StaffUser | None:
        """The account with this (lower-case) username."""
        stmt = select(StaffUser).where(StaffUser.username == username)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def all(self) -> Sequence[StaffUser]:
        """Every account, by username."""
        stmt = select(StaffUser).order_by(StaffUser.username)
        return list((await self.session.execute(stmt)).scalars())

    async def add(self, **values: Any) -> StaffUser:
        """Create an account (flushes so the id is known)."""
        user = StaffUser(**values)
        self.session.add(user)
        await self.session.flush()
        return user

    async def add_session(
        self, token_hash: str, user_id: int, csrf_token: str, now: datetime, expires_at: datetime
    ) -> None:
        """Store a login session under the hash of its cookie token."""
        self.session.add(
            StaffSession(
                id=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await self.session.flush()

    async def session_with_user(
        self, token_hash: str, now: datetime
    ) -> tuple[StaffSession, StaffUser] | None:
        """The unexpired session with this hash and its active user."""
        stmt = (
            select(StaffSession, StaffUser)
            .join(StaffUser, StaffUser.id == StaffSession.user_id)
            .where(
                StaffSession.id == token_hash,
                StaffSession.expires_at > now,
                StaffUser.active.is_(True),
            )
        )
        row = (await self.session.execute(stmt)).first()
        return (row[0], row[1]) if row is not None else None

    async def delete_session(self, token_hash: str) -> None:
        """End one session (logout)."""
        await self.session.execute(delete(StaffSession).where(StaffSession.id == token_hash))

    async def delete_sessions_of(self, user_id: int) -> None:
        """End every session of an account (deactivated, password reset)."""
        await self.session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))

    async def delete_other_sessions(self, user_id: int, keep_hash: str | None) -> int:
        """End every session of an account but this one (password changed); returns how many."""
        stmt = delete(StaffSession).where(StaffSession.user_id == user_id)
        if keep_hash is not None:
            stmt = stmt.where(StaffSession.id != keep_hash)
        return int(getattr(await self.session.execute(stmt), "rowcount", 0) or 0)

    async def delete_expired_sessions(self, now: datetime) -> int:
        """Forget expired sessions; returns how many."""
        result = await self.session.execute(
            delete(StaffSession).where(StaffSession.expires_at <= now)
        )
        return int(getattr(result, "rowcount", 0) or 0)
