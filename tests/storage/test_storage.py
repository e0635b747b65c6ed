"""Storage on SQLite and PostgreSQL: migrations match the models, keys hold, time zones survive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import broadcast_models  # noqa: F401  (campaign tables are part of the schema)
from storage.database import Database
from storage.inbox import NewInboxRow
from storage.models import MIGRATION_ONLY_INDEXES, Base, Report, ReportEvent
from storage.uow import UnitOfWork


async def test_migrations_create_exactly_the_models_schema(engine: AsyncEngine) -> None:
    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(
            connection,  # type: ignore[arg-type]
            opts={
                "include_object": lambda obj, name, kind, *_: (
                    not (kind == "index" and name in MIGRATION_ONLY_INDEXES)
                )
            },
        )
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_an_update_id_is_recorded_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with UnitOfWork(sessions) as uow:
        uow.updates.record("telegram", "42")
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert await uow.updates.seen("telegram", "42")
        assert not await uow.updates.seen("webchat", "42")
        uow.updates.record("telegram", "42")
        with pytest.raises(IntegrityError):
            await uow.commit()


async def test_uncommitted_work_is_rolled_back(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with UnitOfWork(sessions) as uow:
        await uow.citizens.record_consent("telegram", "7", "7", "An", "v1", granted=True)
    async with UnitOfWork(sessions) as uow:
        assert await uow.citizens.get("telegram", "7") is None


async def test_a_single_statement_unit_commits_as_it_runs(engine: AsyncEngine) -> None:
    db = Database(engine)
    rows = [NewInboxRow("telegram", '{"update_id": 1}', "1", "1")]
    with pytest.raises(RuntimeError):
        async with db.single_statement() as uow:
            await uow.inbox.add_many(rows)
            raise RuntimeError("the caller fails after the statement, before commit")
    async with db.uow() as uow:
        assert (await uow.inbox.depth()).pending == 1  # stored anyway: nothing to roll back
        await uow.inbox.add_many(rows * 2)  # a transaction of its own, not committed
    async with db.uow() as uow:
        assert (await uow.inbox.depth()).pending == 1


async def test_reports_keep_aware_times_and_history(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    created = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    async with UnitOfWork(sessions) as uow:
        citizen = await uow.citizens.record_consent("webchat", "s1", "s1", None, "v1", True)
        assert citizen is not None
        report = Report(
            code="PA-ABCDEF1",
            citizen_id=citizen.id,
            channel="webchat",
            chat_id="s1",
            text="Cầu treo bản Mường bị gãy một nhịp",
            category="giao_thong",
            urgency="cao",
            accept_due_at=created + timedelta(hours=4),
            resolve_due_at=created + timedelta(days=14),
            created_at=created,
            updated_at=created,
        )
        await uow.reports.add(report, ReportEvent(actor="citizen", kind="created", to_status="moi"))
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        loaded = await uow.reports.by_code("PA-ABCDEF1")
        assert loaded is not None
        assert loaded.created_at == created and loaded.created_at.tzinfo is not None
        assert loaded.text == "Cầu treo bản Mường bị gãy một nhịp"
        assert [e.kind for e in await uow.reports.events(loaded.id)] == ["created"]
        assert await uow.reports.code_exists("PA-ABCDEF1")
        assert not await uow.reports.code_exists("PA-ABCDEF2")
