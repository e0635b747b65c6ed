"""Engine and session factory for SQLite (WAL) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from storage.uow import UnitOfWork


def normalise_url(url: str) -> str:
    """Pick the async driver for plain ``sqlite:///`` or ``postgresql://`` URLs."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


def create_engine(url: str) -> AsyncEngine:
    """An async engine; creates the SQLite file's directory and enables WAL."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # No pre-ping: on asyncpg it costs three round trips (BEGIN, a query, ROLLBACK) at every
    # checkout, several per update. Disconnects are handled as they happen instead: the
    # statement that meets a dead connection fails (its caller retries: the inbox, the
    # platform's redelivery), and SQLAlchemy then discards every connection older than that
    # moment, so the next checkouts connect afresh (``bench/fault_pg_stop.py``).
    return create_async_engine(url, pool_size=10, max_overflow=10)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


class Database:
    """One database: its engine, its sessions and the units of work over them.

    The rest of the product holds a ``Database`` (or just its ``uow`` method) and never touches
    the engine or a session: every query lives in a repository reached through the unit of work.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        # the same pool, each statement committed on its own (no BEGIN and COMMIT round trips)
        self._autocommit = session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def uow(self) -> UnitOfWork:
        """A new unit of work (use as ``async with db.uow() as uow: …; await uow.commit()``)."""
        return UnitOfWork(self.sessions)

    def single_statement(self) -> UnitOfWork:
        """A unit of work for exactly one statement, committed as it runs (its ``commit`` does
        nothing more); for a hot path where the transaction's round trips would double the
        cost. Use ``uow()`` for anything that writes twice."""
        return UnitOfWork(self._autocommit)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


async def open_database(url: str, *, migrate: bool = True) -> Database:
    """The database at ``url``, migrated to the latest schema unless told otherwise."""
    from storage.migrate import create_or_upgrade  # alembic is only loaded when opening

    database = Database(create_engine(url))
    if migrate:
        await create_or_upgrade(database.engine)
    return database
