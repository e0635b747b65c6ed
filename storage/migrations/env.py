"""Alembic environment: runs on a connection handed over by storage.migrate, or on a URL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage import (
    broadcast_models,  # noqa: F401  (registers the campaign tables)
    inbox_models,  # noqa: F401  (registers the inbox of incoming updates)
    knowledge_models,  # noqa: F401  (registers the question-answering tables)
    queue_models,  # noqa: F401  (registers the canned replies)
    staff_2fa_models,  # noqa: F401  (registers the two-factor login tables)
    zalo_models,  # noqa: F401  (registers the Zalo channel's tables)
)
from storage.database import create_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_url(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_from_url(config.get_main_option("sqlalchemy.url") or ""))
