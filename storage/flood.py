"""Per-chat flood limits counted in the database, so every worker process enforces one limit.

A chat may send ``max_messages`` in a burst and then one message every ``window / max_messages``
seconds (a generic cell rate algorithm over one number per chat, ``busy_until``): every message
moves ``busy_until`` on by that interval from the later of itself and now, and the message is over
the limit when ``busy_until`` lies more than a window ahead. Messages over the limit count too,
up to two windows ahead, so a chat that keeps flooding stays slowed down and is free again about
one window after it stops. One atomic upsert per message; the chat's row is locked by it until
the turn commits on PostgreSQL. Times are wall-clock seconds given by the caller.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Float, Table, bindparam, case, delete, update

from storage.base import Repository
from storage.flood_models import FloodCounter

F: Table = FloodCounter.__table__  # type: ignore[assignment]


def next_busy_until(
    busy_until: float | None, now: float, max_messages: int, window: float
) -> float:
    """Where ``busy_until`` moves with one more message at ``now`` (the rule the SQL follows)."""
    interval = window / max_messages
    start = now if busy_until is None or busy_until < now else busy_until
    return min(start + interval, now + 2 * window)


def over_limit(busy_until: float, now: float, window: float) -> bool:
    """Whether the message that moved the counter to ``busy_until`` is past the limit."""
    return busy_until - now > window + 1e-9


class FloodCounters(Repository):
    """Rows of ``flood_counters``; written in the turn's transaction."""

    async def hit(self, key: str, now: float, max_messages: int, window: float) -> bool:
        """Count a message of chat ``key``; True when the chat is over its limit."""
        interval = window / max_messages
        stmt = _hit_statement(self.session.get_bind().dialect.name)
        params = {"k": key, "now": now, "interval": interval, "cap": now + 2 * window}
        busy_until = float((await self.session.execute(stmt, params)).scalar_one())
        return over_limit(busy_until, now, window)

    async def should_notify(self, key: str, now: float, window: float) -> bool:
        """True once per window while chat ``key`` is slowed down (and records the notice)."""
        stmt = (
            update(F)
            .where(F.c.key == key, F.c.notified_at <= now - window)
            .values(notified_at=now)
            .returning(F.c.key)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def prune(self, before: float) -> int:
        """Forget chats quiet since ``before`` (their counters would start afresh anyway)."""
        result = await self.session.execute(delete(F).where(F.c.busy_until < before))
        return int(getattr(result, "rowcount", 0) or 0)


@cache
def _hit_statement(dialect: str) -> Any:
    """The counting upsert for one dialect, built once; binds ``k``, ``now``, ``interval``,
    ``cap`` (each dialect's module is imported only where it runs)."""
    insert: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    now = bindparam("now", type_=Float)
    interval = bindparam("interval", type_=Float)
    cap = bindparam("cap", type_=Float)
    row = insert(F).values(key=bindparam("k"), busy_until=now + interval, notified_at=0.0)
    start = case((F.c.busy_until > now, F.c.busy_until), else_=now) + interval
    moved = case((start < cap, start), else_=cap)
    return row.on_conflict_do_update(
        index_elements=[F.c.key], set_={"busy_until": moved}
    ).returning(F.c.busy_until)
