"""Two-factor login of staff accounts: TOTP secrets, recovery codes, pending logins.

Never commits; the unit of work does. Accepting a code and using a recovery code are single
conditional UPDATEs, so two requests (or two processes) racing with the same code cannot both
succeed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from storage.base import Repository
from storage.models import StaffUser
from storage.staff_2fa_models import StaffLoginChallenge, StaffRecoveryCode, StaffTotp

__all__ = ["StaffLoginChallenge", "StaffRecoveryCode", "StaffTotp", "StaffTwoFactor"]


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class StaffTwoFactor(Repository):
    """``uow.staff_2fa``: TOTP, recovery codes and logins waiting for their second factor."""

    async def totp_of(self, user_id: int) -> StaffTotp | None:
        """The account's TOTP row (confirmed or still being enrolled)."""
        return await self.session.get(StaffTotp, user_id)

    async def enabled(self, user_id: int) -> bool:
        """Whether the account logs in with a second factor."""
        stmt = select(StaffTotp.user_id).where(
            StaffTotp.user_id == user_id, StaffTotp.confirmed_at.is_not(None)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def enabled_among(self, user_ids: Iterable[int]) -> set[int]:
        """Which of these accounts have two-factor login on."""
        ids = sorted(set(user_ids))
        if not ids:
            return set()
        stmt = select(StaffTotp.user_id).where(
            StaffTotp.user_id.in_(ids), StaffTotp.confirmed_at.is_not(None)
        )
        return {int(row[0]) for row in (await self.session.execute(stmt)).all()}

    async def start_enrolment(self, user_id: int, secret: str, now: datetime) -> StaffTotp:
        """Keep a new, unconfirmed secret for the account (replacing an unconfirmed one)."""
        row = await self.totp_of(user_id)
        if row is None:
            row = StaffTotp(user_id=user_id, secret=secret, created_at=now)
            self.session.add(row)
        else:
            row.secret, row.created_at, row.confirmed_at, row.last_step = secret, now, None, None
        await self.session.flush()
        return row

    async def confirm(
        self, user_id: int, step: int, now: datetime, code_hashes: Sequence[str]
    ) -> bool:
        """Turn two-factor login on after a first good code; replaces the recovery codes."""
        result = await self.session.execute(
            update(StaffTotp)
            .where(StaffTotp.user_id == user_id, StaffTotp.confirmed_at.is_(None))
            .values(confirmed_at=now, last_step=step)
        )
        if _rowcount(result) != 1:
            return False
        await self.replace_recovery_codes(user_id, code_hashes, now)
        return True

    async def accept_step(self, user_id: int, step: int) -> bool:
        """Record a code of this time step as used; False when it (or a later one) was used."""
        result = await self.session.execute(
            update(StaffTotp)
            .where(
                StaffTotp.user_id == user_id,
                StaffTotp.confirmed_at.is_not(None),
                or_(StaffTotp.last_step.is_(None), StaffTotp.last_step < step),
            )
            .values(last_step=step)
        )
        return _rowcount(result) == 1

    async def replace_recovery_codes(
        self, user_id: int, code_hashes: Sequence[str], now: datetime
    ) -> None:
        """Forget the account's recovery codes and keep these (hashes) instead."""
        await self.session.execute(
            delete(StaffRecoveryCode).where(StaffRecoveryCode.user_id == user_id)
        )
        self.session.add_all(
            StaffRecoveryCode(user_id=user_id, code_hash=code_hash, created_at=now)
            for code_hash in code_hashes
        )
        await self.session.flush()

    async def unused_recovery_codes(self, user_id: int) -> list[StaffRecoveryCode]:
        """The account's recovery codes not used yet."""
        stmt = (
            select(StaffRecoveryCode)
            .where(StaffRecoveryCode.user_id == user_id, StaffRecoveryCode.used_at.is_(None))
            .order_by(StaffRecoveryCode.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def use_recovery_code(self, code_id: int, now: datetime) -> bool:
        """Mark one recovery code used; False when it already was."""
        result = await self.session.execute(
            update(StaffRecoveryCode)
            .where(StaffRecoveryCode.id == code_id, StaffRecoveryCode.used_at.is_(None))
            .values(used_at=now)
        )
        return _rowcount(result) == 1

    async def disable(self, user_id: int) -> bool:
        """Turn two-factor login off: secret, recovery codes and pending logins go."""
        result = await self.session.execute(delete(StaffTotp).where(StaffTotp.user_id == user_id))
        await self.session.execute(
            delete(StaffRecoveryCode).where(StaffRecoveryCode.user_id == user_id)
        )
        await self.session.execute(
            delete(StaffLoginChallenge).where(StaffLoginChallenge.user_id == user_id)
        )
        return _rowcount(result) == 1

    async def add_challenge(
        self,
        token_hash: str,
        user_id: int,
        next_path: str | None,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """A login waiting for its code, under the hash of its cookie token."""
        await self.session.execute(
            delete(StaffLoginChallenge).where(StaffLoginChallenge.expires_at <= now)
        )
        self.session.add(
            StaffLoginChallenge(
                id=token_hash,
                user_id=user_id,
                next_path=next_path,
                failures=0,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await self.session.flush()

    async def challenge(
        self, token_hash: str, now: datetime
    ) -> tuple[StaffLoginChallenge, StaffUser] | None:
        """The unexpired pending login with this hash and its active account."""
        stmt = (
            select(StaffLoginChallenge, StaffUser)
            .join(StaffUser, StaffUser.id == StaffLoginChallenge.user_id)
            .where(
                StaffLoginChallenge.id == token_hash,
                StaffLoginChallenge.expires_at > now,
                StaffUser.active.is_(True),
            )
        )
        row = (await self.session.execute(stmt)).first()
        return (row[0], row[1]) if row is not None else None

    async def delete_challenge(self, token_hash: str) -> None:
        """Forget a pending login (done, abandoned or failed too often)."""
        await self.session.execute(
            delete(StaffLoginChallenge).where(StaffLoginChallenge.id == token_hash)
        )
