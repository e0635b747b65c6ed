"""Leadership among the service's processes: one holds the lock, the others wait to take over.

PostgreSQL: a session advisory lock on a dedicated connection, released by the server when the
holder's connection ends (also on kill -9). SQLite: an exclusive ``flock`` on a file beside the
database (one machine). The leader runs the scheduler: campaigns, alerts, digests, reports.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

if TYPE_CHECKING:
    from storage.database import Database


def _key(name: str) -> int:
    digest = hashlib.sha256(f"phananh-leader-{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class LeaderLock:
    """Try, check and release the leadership named ``name``."""

    def __init__(self, db: Database, name: str = "scheduler") -> None:
        self.db = db
        self.name = name
        self._conn: AsyncConnection | None = None
        self._file: IO[str] | None = None

    async def try_acquire(self) -> bool:
        """True when this process is (now) the leader."""
        if self._conn is not None or self._file is not None:
            return True
        engine = self.db.engine
        if engine.dialect.name == "postgresql":
            conn = await engine.connect()
            try:
                got = bool(
                    (
                        await conn.execute(
                            text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(self.name)}
                        )
                    ).scalar()
                )
                await conn.commit()
            except Exception:
                await conn.close()
                raise
            if not got:
                await conn.close()
                return False
            self._conn = conn
            return True
        database = make_url(str(engine.url)).database or ""
        if not database or database == ":memory:":
            self._file = open("/dev/null")  # noqa: SIM115  (one process owns an in-memory database)
            return True
        handle = Path(f"{database}.{self.name}.leader").open("a")  # noqa: SIM115
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    async def still_held(self) -> bool:
        """False when the leadership was lost (the lock's connection broke)."""
        if self._file is not None:
            return True
        if self._conn is None:
            return False
        key = _key(self.name)
        try:  # a reconnected connection would answer, so ask whether it holds the lock
            held = (
                await self._conn.execute(
                    text(
                        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                        " AND granted AND pid = pg_backend_pid() AND objsubid = 1"
                        " AND classid::bigint = :hi AND objid::bigint = :lo)"
                    ),
                    {"hi": (key >> 32) & 0xFFFFFFFF, "lo": key & 0xFFFFFFFF},
                )
            ).scalar()
            await self._conn.commit()
        except Exception:
            held = False
        if not held:
            await self.release()
        return bool(held)

    async def release(self) -> None:
        """Give the leadership up; the pooled connection goes back without the lock."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # a broken connection has lost it already
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(self.name)})
                await conn.commit()
            with contextlib.suppress(Exception):
                await conn.close()
        if self._file is not None:
            handle, self._file = self._file, None
            handle.close()
