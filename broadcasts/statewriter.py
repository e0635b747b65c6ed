"""Group commit of outbox row states: many workers, one short transaction per batch.

Each worker awaits its own write, so a row's new state is durable before the worker makes its
next API call; batching only lets concurrent workers share a commit.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.broadcast_models import OutboxMessage, Subscriber
from storage.models import utcnow

T: Table = OutboxMessage.__table__  # type: ignore[assignment]
SUB: Table = Subscriber.__table__  # type: ignore[assignment]

_FINAL = (
    update(T)
    .where(T.c.id == bindparam("b_id"))
    .values(
        status=bindparam("b_status"),
        message_id=bindparam("b_message_id"),
        error=bindparam("b_error"),
        sent_at=bindparam("b_sent_at"),
    )
)
_RETRY = (
    update(T)
    .where(T.c.id == bindparam("b_id"))
    .values(status="pending", next_attempt_at=bindparam("b_next"), error=bindparam("b_error"))
)
_BLOCK_SUBSCRIBER = (
    update(SUB)
    .where(SUB.c.id == bindparam("b_id"))
    .values(status="blocked", blocked_at=bindparam("b_at"))
)

_Item = tuple[str, Any, "asyncio.Future[Any]"]


class StateWriter:
    """``await writer.sending(id)`` → True when the row is still ours; other marks return None."""

    def __init__(self, engine: AsyncEngine, sender: str, *, max_batch: int = 1000) -> None:
        self.engine = engine
        self.sender = sender
        self.max_batch = max_batch
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.commits = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="outbox-writer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _put(self, kind: str, value: Any) -> Any:
        if self._task is None or self._task.done():
            raise RuntimeError("state writer is not running")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        await self._queue.put((kind, value, future))
        return await future

    async def sending(self, row_id: int) -> bool:
        """Mark the row ``sending`` (just before its API call); False if it is no longer ours."""
        return bool(await self._put("sending", row_id))

    async def final(
        self,
        row_id: int,
        status: str,
        *,
        message_id: str | None = None,
        error: str | None = None,
        subscriber_id: int | None = None,
    ) -> None:
        """``sent`` / ``failed`` / ``blocked`` (which also blocks the subscriber for good)."""
        now = utcnow()
        row = {
            "b_id": row_id,
            "b_status": status,
            "b_message_id": message_id,
            "b_error": error[:500] if error else None,
            "b_sent_at": now if status == "sent" else None,
        }
        await self._put("final", (row, subscriber_id if status == "blocked" else None, now))

    async def retry(self, row_id: int, next_at: datetime | None, error: str) -> None:
        """Back to ``pending`` (still claimed by us) until ``next_at``."""
        await self._put("retry", {"b_id": row_id, "b_next": next_at, "b_error": error[:500]})

    async def _loop(self) -> None:
        while True:
            items = [await self._queue.get()]
            while len(items) < self.max_batch and not self._queue.empty():
                items.append(self._queue.get_nowait())
            try:
                results = await self._write(items)
            except Exception as exc:
                for _, _, future in items:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, _, future), result in zip(items, results, strict=True):
                if not future.done():
                    future.set_result(result)

    async def _write(self, items: list[_Item]) -> list[Any]:
        sending = [value for kind, value, _ in items if kind == "sending"]
        finals = [value for kind, value, _ in items if kind == "final"]
        retries = [value for kind, value, _ in items if kind == "retry"]
        ours: set[int] = set()
        async with self.engine.begin() as conn:
            if sending:
                stmt = (
                    update(T)
                    .where(T.c.id.in_(sending), T.c.claimed_by == self.sender)
                    .values(status="sending", attempts=T.c.attempts + 1, claimed_at=utcnow())
                    .returning(T.c.id)
                )
                ours = {int(row[0]) for row in (await conn.execute(stmt)).all()}
            if finals:
                await conn.execute(_FINAL, [row for row, _, _ in finals])
                blocked = [{"b_id": sid, "b_at": at} for _, sid, at in finals if sid is not None]
                if blocked:
                    await conn.execute(_BLOCK_SUBSCRIBER, blocked)
            if retries:
                await conn.execute(_RETRY, retries)
        self.commits += 1
        return [value in ours if kind == "sending" else None for kind, value, _ in items]
