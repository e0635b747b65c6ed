"""An empty database gets in one go exactly the schema the migrations build, on both databases.

``open_database`` creates the latest schema directly on an empty database (``create_all`` and
``stamp head``) and runs the migrations on any other; both ways must leave the same tables,
columns, keys, constraints and indexes (the migration-only ones included) and the same revision.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.database import create_engine, open_database
from storage.migrate import alembic_config, create_or_upgrade, upgrade_to_head

Schema = dict[str, Any]


def _snapshot(connection: Connection) -> Schema:
    """Everything about the schema the product relies on, read back from the database."""
    inspector = inspect(connection)
    tables: dict[str, Any] = {}
    for name in sorted(inspector.get_table_names()):
        tables[name] = {
            "columns": {
                column["name"]: (
                    str(column["type"]),
                    column["nullable"],
                    None if column.get("default") is None else str(column["default"]),
                )
                for column in inspector.get_columns(name)
            },
            "primary_key": inspector.get_pk_constraint(name),
            "foreign_keys": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    tuple(sorted((fk.get("options") or {}).items())),
                )
                for fk in inspector.get_foreign_keys(name)
            ),
            "unique": sorted(
                (u["name"] or "", tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(name)
            ),
            "checks": sorted(
                (c["name"] or "", re.sub(r"\s+", " ", c["sqltext"]))
                for c in inspector.get_check_constraints(name)
            ),
        }
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'")
        )
        indexes = sorted(
            (row.name, row.tbl_name, re.sub(r"\s+", " ", row.sql or "")) for row in rows
        )
    else:
        rows = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        )
        indexes = sorted((row.indexname, row.indexdef) for row in rows)
        constraints = connection.execute(
            text(
                "SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS d "
                "FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
            )
        )
        tables["(constraints)"] = sorted((r.tbl, r.conname, r.d) for r in constraints)
        extensions = connection.execute(text("SELECT extname FROM pg_extension"))
        tables["(extensions)"] = sorted(r.extname for r in extensions)
    version = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return {"tables": tables, "indexes": indexes, "version": sorted(version)}


async def _schema_after(url: str, build: Callable[[Any], Awaitable[None]]) -> Schema:
    engine = create_engine(url)
    try:
        await build(engine)
        async with engine.connect() as connection:
            return await connection.run_sync(_snapshot)
    finally:
        await engine.dispose()


async def _wipe(url: str, tmp_path: Path, round_: int) -> str:
    """The same kind of database, empty again."""
    if url.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{tmp_path / f'round{round_}' / 'bot.db'}"
    conn = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
    return url


async def test_an_empty_database_gets_the_migrated_schema_in_one_go(
    db_url: str, tmp_path: Path
) -> None:
    migrated = await _schema_after(db_url, upgrade_to_head)
    url = await _wipe(db_url, tmp_path, 1)
    created = await _schema_after(url, create_or_upgrade)
    assert created == migrated
    assert "ix_reports_queue_order" in {index[0] for index in created["indexes"]}
    assert len(created["tables"]) > 20


async def test_open_database_on_an_empty_file_takes_the_one_go_path(
    db_url: str, tmp_path: Path
) -> None:
    migrated = await _schema_after(db_url, upgrade_to_head)
    url = await _wipe(db_url, tmp_path, 1)
    database = await open_database(url)
    try:
        async with database.engine.connect() as connection:
            opened = await connection.run_sync(_snapshot)
    finally:
        await database.dispose()
    assert opened == migrated


@pytest.mark.parametrize("revision", ["0001", "0012"])
async def test_an_existing_database_still_upgrades_through_its_migrations(
    db_url: str, tmp_path: Path, revision: str
) -> None:
    migrated = await _schema_after(db_url, upgrade_to_head)
    url = await _wipe(db_url, tmp_path, 1)

    async def to_revision_then_open(engine: Any) -> None:
        def upgrade(connection: Connection) -> None:
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)

        async with engine.begin() as connection:
            await connection.run_sync(upgrade)
        await create_or_upgrade(engine)

    assert await _schema_after(url, to_revision_then_open) == migrated
