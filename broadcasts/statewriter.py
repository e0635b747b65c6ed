"""Group commit of outbox row states: many workers, one short transaction per batch.

Each worker awaits its own write, so a row's new state is durable before the worker sends its
next message; batching only lets concurrent workers share a commit.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from storage.database import Database
from storage.models import utcnow
from storage.outbox_states import FinalState, RetryState, StepState

_State = int | FinalState | RetryState | StepState
_Item = tuple[_State, "asyncio.Future[Any]"]


class StateWriter:
    """``await writer.sending(id)`` → True when the row is still ours; other marks return None."""

    def __init__(self, db: Database, sender: str, *, max_batch: int = 1000) -> None:
        self.db = db
        self.sender = sender
        self.max_batch = max_batch
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the writing task (in the running event loop)."""
        self._task = asyncio.create_task(self._loop(), name="outbox-writer")

    async def stop(self) -> None:
        """Stop the writing task; marks not yet written are dropped with their waiters."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _put(self, value: _State) -> Any:
        if self._task is None or self._task.done():
            raise RuntimeError("state writer is not running")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        await self._queue.put((value, future))
        return await future

    async def sending(self, row_id: int) -> bool:
        """Mark the row ``sending`` (just before it leaves); False if it is no longer ours."""
        return bool(await self._put(row_id))

    async def final(
        self,
        row_id: int,
        status: str,
        *,
        message_id: str | None = None,
        error: str | None = None,
        subscriber_id: int | None = None,
    ) -> None:
        """``sent`` / ``failed`` / ``unknown`` / ``blocked`` (which also blocks the subscriber for
        good)."""
        await self._put(FinalState(row_id, status, utcnow(), message_id, error, subscriber_id))

    async def step(self, row_id: int, step: int) -> None:
        """``step`` of the recipient's messages delivered: back to ``pending`` (still ours)."""
        await self._put(StepState(row_id, step))

    async def retry(self, row_id: int, next_at: datetime | None, error: str) -> None:
        """Back to ``pending`` (still claimed by us) until ``next_at``."""
        await self._put(RetryState(row_id, next_at, error))

    async def _loop(self) -> None:
        while True:
            items = [await self._queue.get()]
            while len(items) < self.max_batch and not self._queue.empty():
                items.append(self._queue.get_nowait())
            try:
                ours = await self._write([value for value, _ in items])
            except Exception as exc:
                for _, future in items:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for value, future in items:
                if not future.done():
                    future.set_result(value in ours if isinstance(value, int) else None)

    async def _write(self, values: list[_State]) -> set[int]:
        sending = [v for v in values if isinstance(v, int)]
        finals = [v for v in values if isinstance(v, FinalState)]
        retries = [v for v in values if isinstance(v, RetryState)]
        steps = [v for v in values if isinstance(v, StepState)]
        async with self.db.uow() as uow:
            ours = await uow.outbox.write_states(self.sender, sending, finals, retries, steps)
            await uow.commit()
        return ours
