"""Whether the database answers, for the service's health check."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from storage.database import Database

log = logging.getLogger(__name__)


async def database_answers(db: Database) -> bool:
    """True when a trivial query succeeds; False (logged) when the database is unreachable."""
    try:
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        log.error("health check: database unavailable: %s", exc)
        return False
    return True
