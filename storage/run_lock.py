"""One runner per campaign across processes: a lock that vanishes with its holder."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from storage.database import Database


def _lock_key(campaign_id: int) -> int:
    digest = hashlib.sha256(f"broadcast-campaign-{campaign_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.asynccontextmanager
async def campaign_run_lock(db: Database, campaign_id: int) -> AsyncIterator[bool]:
    """Try to become the one runner of a campaign: yields True when this process is.

    PostgreSQL: a session advisory lock held on a dedicated connection. SQLite: an exclusive
    ``flock`` on a file beside the database. Both vanish when the process dies, even by kill -9.
    """
    engine = db.engine
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            key = _lock_key(campaign_id)
            got = bool(
                (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key})).scalar()
            )
            await conn.commit()
            try:
                yield got
            finally:
                if got:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    await conn.commit()
        return
    database = make_url(str(engine.url)).database or ""
    if not database or database == ":memory:":
        yield True
        return
    with Path(f"{database}.campaign-{campaign_id}.lock").open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            got = True
        except OSError:
            got = False
        yield got
