"""Apply Alembic migrations programmatically, sharing the application's async engine.

An existing database is brought up to date by its migrations. A database with no table at all
gets the latest schema in one go instead (Alembic's cookbook: ``metadata.create_all`` and then
``stamp head``): replaying every migration on an empty file took most of the service's start-up.
``tests/storage/test_fresh_schema.py`` checks that both ways give the same schema on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at our migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _upgrade(connection: Connection, cfg: Config) -> None:
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


def _create_migration_only_indexes(connection: Connection) -> None:
    """The indexes of ``storage.models.MIGRATION_ONLY_INDEXES`` the migrations leave.

    The queue-order expression index on both databases (migrations 0003 and, on SQLite, 0014);
    on PostgreSQL also the trigram index over the search text when the pg_trgm extension can be
    created (0003).
    """
    from storage.queue_search import URGENCY_RANK_SQL

    connection.execute(
        sa.text(
            "CREATE INDEX IF NOT EXISTS ix_reports_queue_order "
            f"ON reports (({URGENCY_RANK_SQL}), created_at, id)"
        )
    )
    if connection.dialect.name != "postgresql":
        return
    savepoint = connection.begin_nested()
    try:
        connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        savepoint.rollback()  # no privilege or package: the search scans instead
        return
    savepoint.commit()
    connection.execute(
        sa.text(
            "CREATE INDEX IF NOT EXISTS ix_reports_search_trgm ON reports "
            "USING gin (search_text gin_trgm_ops)"
        )
    )


def _create_or_upgrade(connection: Connection, cfg: Config) -> None:
    if sa.inspect(connection).get_table_names():
        _upgrade(connection, cfg)
        return
    from storage import (
        broadcast_models,  # noqa: F401  (registers the campaign tables)
        inbox_models,  # noqa: F401  (registers the inbox of incoming updates)
        knowledge_models,  # noqa: F401  (registers the question-answering tables)
        queue_models,  # noqa: F401  (registers the canned replies)
        staff_2fa_models,  # noqa: F401  (registers the two-factor login tables)
        zalo_models,  # noqa: F401  (registers the Zalo channel's tables)
    )
    from storage.models import Base

    Base.metadata.create_all(connection, checkfirst=False)  # there is no table yet
    _create_migration_only_indexes(connection)
    cfg.attributes["connection"] = connection
    command.stamp(cfg, "head")


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the schema up to date by running every pending migration (idempotent)."""
    cfg = alembic_config()
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, cfg)


async def create_or_upgrade(engine: AsyncEngine) -> None:
    """The latest schema: created in one go on an empty database, else by the migrations."""
    cfg = alembic_config()
    async with engine.begin() as connection:
        await connection.run_sync(_create_or_upgrade, cfg)
