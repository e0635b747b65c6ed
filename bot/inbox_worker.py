"""The durable inbox: intake stores raw updates before they are acknowledged; workers process them.

Intake (a webhook, a polling loop) calls ``InboxIntake.store``; only when it returns may the
platform be told the update arrived. The ``InboxWorker`` claims the first pending update of a
chat, hands its JSON to the parser registered for its channel (Telegram: the adapter's
``process_raw``; Zalo registers its own), and marks it done; a failure is retried with backoff and,
after ``RetryPolicy.max_tries``, parked with its error. On PostgreSQL the claimed row stays locked
(``FOR UPDATE SKIP LOCKED``) until its outcome is committed, so several processes never work on
one chat at once; SQLite is one process, whose tasks keep out of each other's chats.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from bot import metrics
from bot.inbox_intake import InboxEntry, InboxIntake
from domain.clock import SYSTEM_CLOCK, Clock
from domain.messages import Incoming, Reply
from handlers.chat.dispatcher import failed_turns, failures_announced
from storage.database import Database
from storage.errors import AlreadyProcessed
from storage.inbox import ChatRef, InboxItem
from storage.uow import UnitOfWork, turns_join

log = logging.getLogger(__name__)

# What a channel registers: process one stored update; True when it was used, False when it
# carried nothing for the bot. Raising means "try again later"; UnusableUpdate means "park it".
__all__ = ["INBOX", "InboxEntry", "InboxIntake", "InboxParser", "InboxWorker", "UnusableUpdate"]

InboxParser = Callable[[dict[str, Any]], Awaitable[bool]]
HandleFn = Callable[[Incoming, str | None], Awaitable[list[Reply]]]


_DUPLICATE = "processed before"  # ``_process``'s answer for a redelivered update


class UnusableUpdate(Exception):
    """The stored update can never be processed (not an update of its channel): park it now."""


class HandlingFailed(Exception):
    """The handler answered but did not record the update: its transaction did not commit."""


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff between tries (doubling from ``first_delay`` up to ``max_delay``) and the limit."""

    max_tries: int = 5
    first_delay: float = 2.0
    max_delay: float = 300.0

    def delay(self, tries: int) -> float:
        """Seconds to wait after the ``tries``-th failure."""
        return float(min(self.max_delay, self.first_delay * 2 ** max(0, tries - 1)))


class WallClock:
    """Wall time that moves with an injected ``Clock`` (tests move it with a fake clock)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._base = datetime.now(UTC)
        self._start = clock.monotonic()

    def now(self) -> datetime:
        """The current UTC time according to the clock."""
        return self._base + timedelta(seconds=self._clock.monotonic() - self._start)


def recorded(db: Database, handle: HandleFn) -> HandleFn:
    """Wrap the dispatcher so a turn whose transaction failed raises instead of passing.

    The dispatcher never raises (it answers «internal error»); it tells which turns did not
    commit (``failed_turns``), without another query. ``db`` is kept for the callers' sake.
    """

    async def checked(incoming: Incoming, update_key: str | None) -> list[Reply]:
        with failed_turns() as failed:
            replies = await handle(incoming, update_key)
        if failed and update_key is not None:
            raise HandlingFailed(f"update {update_key} was not recorded")
        return replies

    return checked


class InboxWorker:
    """Claims pending updates in order per chat and processes them with the channel's parser."""

    def __init__(
        self,
        db: Database,
        parsers: Mapping[str, InboxParser] | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
        retry: RetryPolicy | None = None,
        concurrency: int = 4,
        poll_seconds: float = 1.0,
        keep_done_days: float = 7.0,
    ) -> None:
        self.db = db
        self.parsers: dict[str, InboxParser] = dict(parsers or {})
        self.clock = clock
        self.wall = WallClock(clock)
        self.retry = retry or RetryPolicy()
        self.concurrency = concurrency
        self.poll_seconds = poll_seconds
        self.keep_done = timedelta(days=keep_done_days)
        self._last_prune: float | None = None
        # Each claim that finds nothing is a query, so tasks look only when there is reason to.
        # Idle tasks wait on futures of their own: each update stored here wakes one task (the
        # result is False), not all of them; one stored while every task was busy is owed a
        # look by the next task that finishes. Only the first task also looks at every poll
        # (retries come due, other processes store rows): work found that way may be a backlog,
        # so that task keeps looking and wakes one sibling to do the same (the result is True),
        # until a look finds nothing. A look that found nothing because a chat of this process
        # was busy leaves a note for the task that finishes that chat, and so does a mark that
        # finds the chat's next update already stored (perhaps by another process).
        self._idle: deque[asyncio.Future[bool]] = deque()
        self._owed = 0  # updates stored here while every task was busy
        self._deferred = False  # look again: a chat freed here may have an update waiting
        self._finished = 0  # updates this process finished, for the note above
        self._busy_chats: set[ChatRef] = set()
        self._busy_ids: set[int] = set()
        self._claiming = asyncio.Lock()
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []

    def register(self, channel: str, parser: InboxParser) -> None:
        """Process ``channel``'s stored updates with ``parser``."""
        self.parsers[channel] = parser

    def wake(self, stored: int = 1) -> None:
        """``stored`` updates were stored: as many idle tasks look now rather than at the next
        poll; those no task was idle for are looked at by tasks as they finish."""
        for _ in range(stored):
            if not self._wake_one(backlog=False):
                self._owed += 1

    def _wake_one(self, *, backlog: bool) -> bool:
        while self._idle:
            waiter = self._idle.popleft()
            if not waiter.done():
                waiter.set_result(backlog)
                return True
        return False

    def _wake_all(self) -> None:
        for waiter in self._idle:
            if not waiter.done():
                waiter.set_result(False)
        self._idle.clear()

    def intake(self) -> InboxIntake:
        """An intake over the same database that wakes this worker."""
        return InboxIntake(self.db, self.wake)

    async def start(self) -> None:
        """Start the worker tasks (pending rows from before a restart are picked up at once)."""
        self._tasks = [
            asyncio.create_task(self._loop(first=n == 0), name=f"inbox-worker-{n}")
            for n in range(self.concurrency)
        ]

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Let each task finish the update in hand, then stop; cancel what outlasts the grace.

        A cancelled update stays pending and is redone (the dispatcher skips it if its turn had
        committed).
        """
        self._stopping = True
        self._wake_all()
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=grace_seconds)
            for task in late:
                task.cancel()
            for task in late:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._tasks = []
        self._stopping = False

    async def drain(self) -> int:
        """Process every due update now, one at a time; how many were processed."""
        count = 0
        while await self.process_next():
            count += 1
        return count

    async def _loop(self, *, first: bool) -> None:
        """One task: look when woken, owed or noted, and (the first task) at every poll."""
        look, backlog = first, first  # at start the first task looks for rows from before
        while not self._stopping:
            if look:
                finished, busy = self._finished, bool(self._busy_ids)
                try:
                    worked = await self.process_next()
                except Exception:
                    metrics.DB_ERRORS.labels(where="inbox_worker").inc()
                    log.exception("inbox: claiming or recording an update failed")
                    worked = False
                if worked:
                    if backlog:  # found by a poll: there may be more, one sibling looks too
                        self._wake_one(backlog=True)
                        continue
                    if self._owed:
                        self._owed -= 1
                        continue
                    if self._deferred:  # a chat this task freed may have an update waiting
                        self._deferred = False
                        continue
                else:
                    self._owed = 0  # nothing claimable here now
                    if busy and self._finished != finished:
                        continue  # a busy chat came free during the look: look again
                    if busy:
                        self._deferred = True
            if self._stopping:
                break
            await self._prune_now_and_then()
            if self._owed:  # stored while every task was busy
                self._owed -= 1
                look, backlog = True, False
                continue
            waiter = asyncio.get_running_loop().create_future()
            self._idle.append(waiter)
            try:
                backlog = await asyncio.wait_for(waiter, self.poll_seconds if first else None)
            except TimeoutError:
                backlog = True  # the poll
            finally:
                with contextlib.suppress(ValueError):
                    self._idle.remove(waiter)
            look = True

    async def _prune_now_and_then(self) -> None:
        """Hourly, when idle: forget processed rows older than ``keep_done`` (one task does)."""
        now = self.clock.monotonic()
        if self._last_prune is not None and now - self._last_prune < 3600:
            return
        self._last_prune = now
        try:
            async with self.db.uow() as uow:
                gone = await uow.inbox.prune_done(self.wall.now() - self.keep_done)
                await uow.commit()
        except Exception as exc:
            log.warning("inbox: pruning processed rows failed: %r", exc)
            return
        if gone:
            log.info("inbox: %d processed rows older than %s forgotten", gone, self.keep_done)

    async def process_next(self) -> bool:
        """Claim and process one due update; False when there was none.

        The turn joins the claim's unit of work and commits with the update's mark, in one
        transaction (on PostgreSQL the claimed row stays locked until then, so no other process
        takes the chat meanwhile). A failed turn is rolled back with the claim, and the failure
        is recorded on its own, while the row is still reserved in this process.
        """
        if not self.parsers:
            return False
        lock = self.db.dialect == "postgresql"
        async with self.db.uow() as uow:
            async with self._claiming:  # one claim at a time: no sibling takes the same row
                item = await uow.inbox.claim(self.wall.now(), **self._claim_filter(), lock=lock)
                if item is None:
                    return False
                self._reserve(item)
            try:
                with turns_join(uow):
                    error = await self._process(item)
                if error is None:
                    try:
                        await self._record(uow, item, None)
                        await uow.commit()
                    except Exception as exc:  # counted below like a failed turn (so parked in
                        error = f"commit: {exc!r}"  # the end), or raises while the DB is away
                        log.warning("inbox: update %s not committed: %r", item.id, exc)
            except BaseException:
                self._release(item)
                raise
            if error is None:
                metrics.UPDATES_PROCESSED.labels(channel=item.channel).inc()
                self._release(item)
                return True
        try:  # the claim's unit was rolled back; a duplicate's steps went with it
            async with self.db.uow() as uow:
                await self._record(uow, item, None if error is _DUPLICATE else error)
                await uow.commit()
            if error is _DUPLICATE:
                metrics.UPDATES_PROCESSED.labels(channel=item.channel).inc()
        finally:
            self._release(item)
        return True

    def _claim_filter(self) -> dict[str, Any]:
        # only channels with a parser here: a channel that registers later finds its rows waiting
        return {
            "channels": list(self.parsers),
            "busy_chats": self._busy_chats,
            "busy_ids": self._busy_ids,
        }

    def _reserve(self, item: InboxItem) -> None:
        if item.chat_key is not None:
            self._busy_chats.add((item.channel, item.chat_key))
        self._busy_ids.add(item.id)

    def _release(self, item: InboxItem) -> None:
        self._finished += 1
        if item.chat_key is not None:
            self._busy_chats.discard((item.channel, item.chat_key))
        self._busy_ids.discard(item.id)

    async def _process(self, item: InboxItem) -> str | None:
        """None when done, else the error (prefixed ``unusable:`` when it must be parked)."""
        context = {"update_id": item.update_key, "chat": item.chat_key}
        parser = self.parsers.get(item.channel)
        if parser is None:
            return f"unusable: no parser for channel {item.channel}"
        started = self.clock.monotonic()
        try:
            data = json.loads(item.raw)
        except (ValueError, RecursionError) as exc:
            return f"unusable: not JSON: {exc!r}"
        if not isinstance(data, dict):
            return "unusable: not a JSON object"
        try:
            with failures_announced(item.tries == 0):  # «internal error» once per update at most
                used = await parser(data)
        except AlreadyProcessed:
            log.info("inbox: %s update was processed before", item.channel, extra=context)
            return _DUPLICATE
        except UnusableUpdate as exc:
            return f"unusable: {exc}"
        except Exception as exc:
            log.warning("inbox: %s update failed: %r", item.channel, exc, extra=context)
            return repr(exc)
        finally:
            metrics.HANDLER_SECONDS.labels(channel=item.channel).observe(
                max(0.0, self.clock.monotonic() - started)
            )
        if not used:
            log.info("inbox: %s update carried nothing to use", item.channel, extra=context)
        return None

    async def _record(self, uow: UnitOfWork, item: InboxItem, error: str | None) -> None:
        now = self.wall.now()
        if error is None:
            if await uow.inbox.mark_done(item.id, now):
                # the chat's next update was stored meanwhile, perhaps by another process whose
                # look found this chat taken: this task looks again once the mark commits
                self._deferred = True
            return
        tries = item.tries + 1
        park = error.startswith("unusable:") or tries >= self.retry.max_tries
        retry_at = None if park else now + timedelta(seconds=self.retry.delay(tries))
        await uow.inbox.mark_failed(item.id, error, retry_at=retry_at, tries=tries)
        metrics.UPDATES_FAILED.labels(channel=item.channel).inc()
        if park:
            metrics.UPDATES_PARKED.labels(channel=item.channel).inc()
            log.error(
                "inbox: %s update parked after %d tries: %s",
                item.channel,
                tries,
                error,
                extra={"update_id": item.update_key, "chat": item.chat_key},
            )


INBOX = web.AppKey("inbox_worker", InboxWorker)
"""The web app's worker: ``app[INBOX].register(channel, parser)``, ``app[INBOX].intake()``."""
