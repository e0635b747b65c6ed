"""One rate budget per bot token, shared by replies, notices and campaigns.

Telegram's limits: about 30 messages a second in all, about one a second to one private chat,
20 a minute to one group; a 429 carries ``retry_after`` and then every send waits. The budget
keeps all three. Nothing is reserved ahead: a slot is taken only when the message leaves, so after
a pause or a stalled event loop the senders resume at the global rate instead of all at once.
A chat's turn is held until its call has returned, and the spacing to that chat counts from then:
the previous message has certainly reached Telegram by that moment, however long its upload took
(counting from the departure let a slow photo upload arrive less than a second before the text
that followed it).

On PostgreSQL the global rate and the pauses are shared by every process sending with the token
(``share``: each message also takes a slot from ``storage.outbox_rate.SharedSendRate``); per-chat
spacing stays in the process, since one chat's messages leave from one process. Without a shared
store (SQLite, one process) the budget is in-process alone. If the shared row cannot be reached,
the process keeps its own budget and says so in the log rather than stop sending.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from domain.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger(__name__)

PRIVATE_SPACING = 1.0  # seconds between two messages to one chat
GROUP_PER_MINUTE = 20
GROUP_WINDOW = 60.0
MARGIN = 0.02  # network jitter between our clock and Telegram's
FORGET_EVERY = 5_000  # sends between sweeps of chats that went quiet
SHARED_AHEAD = 4  # shared slots one process may be waiting for at once


class SharedSlots(Protocol):
    """Global slots shared by processes (``storage.outbox_rate.SharedSendRate``)."""

    async def take(self, interval: float, now: float) -> float:
        """Reserve the next slot at or after ``now``; its time."""
        ...

    async def pause_until(self, until: float) -> None:
        """No slot before ``until`` for anyone."""
        ...


class RateBudget:
    """Each call to the Bot API runs inside ``slot(chat_id)``; ``pause(s)`` on a 429."""

    def __init__(self, rate: float = 25.0, *, clock: Clock = SYSTEM_CLOCK) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.paused_total = 0.0
        self._shared: SharedSlots | None = None
        self._wall: Callable[[], float] = time.time
        self._shared_down = False
        # Slots a process may hold at once: the database round trips overlap, so a slow
        # database does not slow sending, and no process is more than a few slots ahead.
        self._reserving = asyncio.Semaphore(SHARED_AHEAD)
        self._pending_pauses: set[asyncio.Task[None]] = set()
        self._last_global = float("-inf")
        self._paused_until = float("-inf")
        self._global = asyncio.Lock()
        self._chat_locks: dict[int, tuple[asyncio.Lock, int]] = {}
        self._last_private: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._sends = 0

    def share(self, slots: SharedSlots, *, wall: Callable[[], float] = time.time) -> None:
        """Take every global slot from ``slots`` too (all processes of one token); ``wall`` is
        the clock the slots are counted on (the same for every process)."""
        self._shared = slots
        self._wall = wall

    def pause(self, seconds: float) -> None:
        """Stop every send for ``seconds`` from now (Telegram's ``retry_after``), in every
        process sharing the budget."""
        now = self.clock.monotonic()
        until = now + seconds
        if until > self._paused_until:
            self.paused_total += until - max(self._paused_until, now)
            self._paused_until = until
        if self._shared is not None:
            task = asyncio.get_running_loop().create_task(self._share_pause(seconds))
            self._pending_pauses.add(task)
            task.add_done_callback(self._pending_pauses.discard)

    async def _share_pause(self, seconds: float) -> None:
        assert self._shared is not None
        try:
            await self._shared.pause_until(self._wall() + seconds)
        except Exception as exc:  # the database is away: this process still pauses
            log.warning("shared send pause not recorded: %s", exc)

    async def _shared_turn(self, shared: SharedSlots) -> bool:
        """Wait for this message's slot in the budget shared by every process; False when the
        shared row cannot be reached (the caller keeps the in-process budget then)."""
        async with self._reserving:
            await self._wait_until(lambda: self._paused_until)
            try:
                slot = await shared.take(self.interval, self._wall())
            except Exception as exc:
                if not self._shared_down:
                    log.warning("shared send rate unavailable, keeping this process's: %s", exc)
                self._shared_down = True
                return False
            if self._shared_down:
                log.warning("shared send rate available again")
                self._shared_down = False
            delay = slot - self._wall()
            if delay > 0:
                await self.clock.sleep(delay)
            await self._wait_until(lambda: self._paused_until)  # a 429 meanwhile
        self._last_global = self.clock.monotonic()
        return True

    @asynccontextmanager
    async def slot(self, chat_id: int) -> AsyncIterator[None]:
        """``async with budget.slot(chat): await call()``: waits until a message may leave for
        ``chat_id``, and keeps the chat's turn until the call has returned."""
        async with self._chat_turn(chat_id):
            await self._wait_until(lambda: self._chat_ready(chat_id))
            shared = self._shared
            if shared is None or not await self._shared_turn(shared):
                async with self._global:
                    await self._wait_until(self._global_ready)
                    self._last_global = self.clock.monotonic()
            try:
                yield
            finally:
                self._record(chat_id, self.clock.monotonic())

    async def _wait_until(self, ready_at: Callable[[], float]) -> None:
        while True:
            delay = ready_at() - self.clock.monotonic()
            if delay <= 0:
                return
            await self.clock.sleep(delay)

    def _global_ready(self) -> float:
        return max(self._last_global + self.interval, self._paused_until)

    def _chat_ready(self, chat_id: int) -> float:
        if chat_id < 0:
            window = self._group_sends.get(chat_id)
            if window and len(window) >= GROUP_PER_MINUTE:
                return window[0] + GROUP_WINDOW + MARGIN
            return float("-inf")
        last = self._last_private.get(chat_id)
        return float("-inf") if last is None else last + PRIVATE_SPACING + MARGIN

    def _record(self, chat_id: int, now: float) -> None:
        if chat_id < 0:
            window = self._group_sends.setdefault(chat_id, deque())
            window.append(now)
            while len(window) > GROUP_PER_MINUTE:
                window.popleft()
        else:
            self._last_private[chat_id] = now
        self._sends += 1
        if self._sends % FORGET_EVERY == 0:
            self._forget(now)

    @asynccontextmanager
    async def _chat_turn(self, chat_id: int) -> AsyncIterator[None]:
        """Messages to one chat take their turns in order (a lock dropped when unused)."""
        lock, users = self._chat_locks.get(chat_id, (asyncio.Lock(), 0))
        self._chat_locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._chat_locks[chat_id]
            if users <= 1:
                del self._chat_locks[chat_id]
            else:
                self._chat_locks[chat_id] = (lock, users - 1)

    def _forget(self, now: float) -> None:
        horizon = now - 2 * PRIVATE_SPACING
        self._last_private = {c: t for c, t in self._last_private.items() if t > horizon}
        self._group_sends = {
            c: w for c, w in self._group_sends.items() if w and w[-1] > now - GROUP_WINDOW
        }
