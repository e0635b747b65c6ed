"""Shared fixtures: every storage-backed test runs on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import asyncio
import atexit
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.database import Database, create_engine, session_factory
from storage.migrate import upgrade_to_head
from tests.support.fake_bot_api import FakeBotApi

PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
# One database per test process (each pytest-xdist worker is one), so parallel workers and
# parallel test runs on one server never share one. A TEST_PG_DATABASE name gets the worker's id.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG_DATABASE = (
    os.environ["TEST_PG_DATABASE"] + (f"_{_WORKER}" if _WORKER else "")
    if os.environ.get("TEST_PG_DATABASE")
    else f"phananh_test_{os.getpid()}"
)
_created: list[str] = []


def _drop_created() -> None:
    async def drop() -> None:
        admin = await asyncpg.connect(PG_ADMIN_DSN)
        try:
            for name in _created:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    if _created:
        asyncio.run(drop())


atexit.register(_drop_created)


async def _reset_postgres() -> str:
    """A clean per-process test database (created on first use), as an asyncpg URL."""
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", PG_DATABASE)
        if not exists:
            await admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
            _created.append(PG_DATABASE)
    finally:
        await admin.close()
    dsn = PG_ADMIN_DSN.rsplit("/", 1)[0] + "/" + PG_DATABASE
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
    return "postgresql+asyncpg://" + dsn.split("://", 1)[1]


@pytest.fixture(params=["sqlite", "postgres"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"
    return await _reset_postgres()


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated engine on the test database."""
    engine = create_engine(db_url)
    await upgrade_to_head(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The session factory the service would use."""
    return session_factory(engine)


@pytest.fixture
def db(engine: AsyncEngine) -> Database:
    """The ``Database`` the service would use, over the test engine."""
    return Database(engine)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """The loopback Telegram Bot API server, started on a free port."""
    async with FakeBotApi() as server:
        yield server
