"""The send rate of one bot token shared by every process, through one PostgreSQL row.

Each message takes the next free slot with one atomic upsert: ``last_slot`` moves to the later
of ``last_slot + interval``, the caller's now and ``paused_until`` (a 429's ``retry_after``), and
the caller waits until the slot it got. A slot is never in the past, so processes that stalled
or paused do not burst afterwards. Times are wall-clock seconds (``time.time()`` of hosts kept in
step by NTP), given by the caller so tests can run it on a fake clock. SQLite runs one process:
it keeps the in-process budget alone (``for_database`` answers None).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Float, Table, bindparam, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.sql.dml import ReturningInsert

from storage.broadcast_models import SendRateBudget
from storage.database import Database

B: Table = SendRateBudget.__table__  # type: ignore[assignment]


def budget_key(channel: str, token: str) -> str:
    """The row of one bot token (a digest: the token itself is never stored)."""
    return f"{channel}:{hashlib.sha256(token.encode()).hexdigest()[:32]}"


class SharedSendRate:
    """Slots of one token's rate shared by every process on the same PostgreSQL database."""

    def __init__(self, db: Database, key: str) -> None:
        self.db = db
        self.key = key
        # One statement each: autocommit spares the BEGIN and COMMIT round trips.
        self._engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")

    @classmethod
    def for_database(cls, db: Database, key: str) -> SharedSendRate | None:
        """The shared rate on PostgreSQL; None on SQLite (one process, nothing to share)."""
        return cls(db, key) if db.dialect == "postgresql" else None

    async def take(self, interval: float, now: float) -> float:
        """Reserve the next slot at or after ``now``, ``interval`` after the previous one and
        not before a pause ends; its time (wait until then to send)."""
        params = {"k": self.key, "now": now, "interval": interval}
        async with self._engine.connect() as connection:
            return float((await connection.execute(_TAKE, params)).scalar_one())

    async def pause_until(self, until: float) -> None:
        """No slot before ``until`` for any process (Telegram answered 429)."""
        stmt = insert(B).values(key=self.key, last_slot=0.0, paused_until=until)
        stmt = stmt.on_conflict_do_update(
            index_elements=[B.c.key],
            set_={"paused_until": func.greatest(B.c.paused_until, stmt.excluded.paused_until)},
        )
        async with self._engine.connect() as connection:
            await connection.execute(stmt)


def _take_statement() -> ReturningInsert[Any]:
    """The slot-taking upsert, built once; binds ``k``, ``now`` and ``interval``."""
    row = insert(B).values(
        key=bindparam("k"), last_slot=bindparam("now", type_=Float), paused_until=0.0
    )
    return row.on_conflict_do_update(
        index_elements=[B.c.key],
        set_={
            "last_slot": func.greatest(
                B.c.last_slot + bindparam("interval", type_=Float),
                row.excluded.last_slot,
                B.c.paused_until,
            )
        },
    ).returning(B.c.last_slot)


_TAKE = _take_statement()
