"""Intake into the durable inbox: updates are committed before the platform is told they arrived.

Concurrent calls share transactions (group commit): while one batch commits, the next calls
queue, and the whole queue is committed as the next batch. Every caller returns only once its
own entries are committed, or raises when their batch was not.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot import metrics
from storage.database import Database
from storage.inbox import NewInboxRow

log = logging.getLogger(__name__)

MAX_BATCH = 500


@dataclass(frozen=True)
class InboxEntry:
    """One update ready to store: its raw text, chat and update keys, or why it is unusable."""

    raw: str
    chat_key: str | None
    update_key: str | None
    unusable: str | None = None


class StoreFailed(Exception):
    """The batch holding these entries was not committed."""


@dataclass
class _Waiting:
    channel: str
    entries: list[InboxEntry]
    done: asyncio.Future[None]


class InboxIntake:
    """Stores updates durably; then tells the worker of this process how many it may take."""

    def __init__(self, db: Database, wake: Callable[[int], None] = lambda stored: None) -> None:
        self.db = db
        self.wake = wake
        self._queue: list[_Waiting] = []
        self._flusher: asyncio.Task[None] | None = None

    async def store(self, channel: str, entries: list[InboxEntry]) -> None:
        """Return once ``entries`` are committed; raise ``StoreFailed`` when they were not."""
        waiting = _Waiting(channel, entries, asyncio.get_running_loop().create_future())
        self._queue.append(waiting)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="inbox-intake")
        await waiting.done

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                await self._commit(batch)
            except Exception as exc:
                metrics.DB_ERRORS.labels(where="inbox_intake").inc()
                log.error("inbox: %d updates not stored: %r", len(batch), exc)
                for waiting in batch:
                    if not waiting.done.done():
                        waiting.done.set_exception(StoreFailed(repr(exc)))
                continue
            for waiting in batch:
                self._count(waiting)
                if not waiting.done.done():
                    waiting.done.set_result(None)
            self.wake(sum(1 for w in batch for e in w.entries if e.unusable is None))

    async def _commit(self, batch: list[_Waiting]) -> None:
        rows = [
            NewInboxRow(w.channel, e.raw, e.chat_key, e.update_key, e.unusable)
            for w in batch
            for e in w.entries
        ]
        # one statement either way; a batch of one (the quiet case) needs no transaction of it
        async with self.db.single_statement() if len(rows) == 1 else self.db.uow() as uow:
            await uow.inbox.add_many(rows)
            await uow.commit()

    @staticmethod
    def _count(waiting: _Waiting) -> None:
        for entry in waiting.entries:
            metrics.UPDATES_RECEIVED.labels(channel=waiting.channel).inc()
            if entry.unusable:
                metrics.UPDATES_PARKED.labels(channel=waiting.channel).inc()
                log.warning(
                    "unusable %s update parked: %s",
                    waiting.channel,
                    entry.unusable,
                    extra={"update_id": entry.update_key, "chat": entry.chat_key},
                )
