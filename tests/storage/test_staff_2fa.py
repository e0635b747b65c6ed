"""Two-factor storage on SQLite and PostgreSQL: a code step once, a recovery code once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.uow import UnitOfWork

NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)


async def _account(sessions: async_sessionmaker[AsyncSession], username: str) -> int:
    async with UnitOfWork(sessions) as uow:
        user = await uow.staff.add(
            username=username, password_hash="x", role="admin", communes=[], failed_logins=0
        )
        await uow.commit()
        return user.id


async def test_a_time_step_is_accepted_once_and_never_an_earlier_one(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user_id = await _account(sessions, "quantri")
    async with UnitOfWork(sessions) as uow:
        await uow.staff_2fa.start_enrolment(user_id, "JBSWY3DPEHPK3PXP", NOW)
        assert not await uow.staff_2fa.enabled(user_id)
        assert not await uow.staff_2fa.accept_step(user_id, 100)  # not confirmed yet
        assert await uow.staff_2fa.confirm(user_id, 100, NOW, ["h1", "h2"])
        assert not await uow.staff_2fa.confirm(user_id, 101, NOW, ["h3"])  # only once
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert await uow.staff_2fa.enabled(user_id)
        assert not await uow.staff_2fa.accept_step(user_id, 100)  # the confirming code
        assert await uow.staff_2fa.accept_step(user_id, 101)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert not await uow.staff_2fa.accept_step(user_id, 101)
        assert not await uow.staff_2fa.accept_step(user_id, 99)
        assert await uow.staff_2fa.accept_step(user_id, 102)
        await uow.commit()


async def test_recovery_codes_serve_once_and_go_with_two_factor(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user_id = await _account(sessions, "quantri")
    other_id = await _account(sessions, "quantri.hai")
    async with UnitOfWork(sessions) as uow:
        await uow.staff_2fa.start_enrolment(user_id, "JBSWY3DPEHPK3PXP", NOW)
        await uow.staff_2fa.confirm(user_id, 1, NOW, ["h1", "h2"])
        await uow.staff_2fa.add_challenge("c" * 64, user_id, "/thong-ke", NOW, NOW + timedelta(1))
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        codes = await uow.staff_2fa.unused_recovery_codes(user_id)
        assert [c.code_hash for c in codes] == ["h1", "h2"]
        assert await uow.staff_2fa.use_recovery_code(codes[0].id, NOW)
        assert not await uow.staff_2fa.use_recovery_code(codes[0].id, NOW)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert [c.code_hash for c in await uow.staff_2fa.unused_recovery_codes(user_id)] == ["h2"]
        assert await uow.staff_2fa.enabled_among([user_id, other_id]) == {user_id}
        found = await uow.staff_2fa.challenge("c" * 64, NOW)
        assert found is not None and found[1].id == user_id and found[0].next_path == "/thong-ke"
        assert await uow.staff_2fa.challenge("c" * 64, NOW + timedelta(days=2)) is None
        assert await uow.staff_2fa.disable(user_id)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert not await uow.staff_2fa.enabled(user_id)
        assert await uow.staff_2fa.unused_recovery_codes(user_id) == []
        assert await uow.staff_2fa.challenge("c" * 64, NOW) is None
        assert not await uow.staff_2fa.disable(user_id)


async def test_a_password_change_ends_the_other_sessions_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user_id = await _account(sessions, "canbo")
    other_id = await _account(sessions, "canbo.hai")
    later = NOW + timedelta(hours=8)
    async with UnitOfWork(sessions) as uow:
        for name, owner in (("a", user_id), ("b", user_id), ("c", user_id), ("d", other_id)):
            await uow.staff.add_session(name * 64, owner, "t", NOW, later)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert await uow.staff.delete_other_sessions(user_id, "a" * 64) == 2
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert await uow.staff.session_with_user("a" * 64, NOW) is not None
        assert await uow.staff.session_with_user("b" * 64, NOW) is None
        assert await uow.staff.session_with_user("d" * 64, NOW) is not None
