"""One leader among the service's processes runs the scheduler; a standby takes over.

Every process serves webhooks, the web chat, the dashboard and the inbox; only the leader runs
the periodic jobs (campaign sending, staff alerts, digests, periodic reports). A standby tries
the lock every ``interval`` seconds, so it takes over within that time after the leader dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from domain.clock import SYSTEM_CLOCK, Clock
from storage.leader import LeaderLock

log = logging.getLogger(__name__)

CHECK_SECONDS = 2.0


class Leadership:
    """Holds or waits for the leader lock and says when this process leads."""

    def __init__(
        self,
        lock: LeaderLock,
        on_lead: Callable[[], None],
        on_lose: Callable[[], None],
        *,
        clock: Clock = SYSTEM_CLOCK,
        interval: float = CHECK_SECONDS,
    ) -> None:
        self.lock = lock
        self.on_lead = on_lead
        self.on_lose = on_lose
        self.clock = clock
        self.interval = interval
        self.leading = False
        self._task: asyncio.Task[None] | None = None

    async def check(self) -> None:
        """One round: take the lead when it is free, notice when it was lost."""
        if not self.leading:
            try:
                got = await self.lock.try_acquire()
            except Exception:  # the database is away: try again next round
                log.warning("leader lock: the database is unavailable", exc_info=True)
                return
            if got:
                self.leading = True
                log.info("this process leads: the scheduler runs here")
                self.on_lead()
        elif not await self.lock.still_held():
            self.leading = False
            log.warning("leadership lost: the scheduler stops here")
            self.on_lose()

    async def start(self) -> None:
        """Try once now (a single process leads at once), then keep checking."""
        await self.check()
        self._task = asyncio.create_task(self._loop(), name="leadership")

    async def _loop(self) -> None:
        while True:
            await self.clock.sleep(self.interval)
            await self.check()

    async def stop(self) -> None:
        """Stop checking and give the lead up."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.leading:
            self.leading = False
            self.on_lose()
        await self.lock.release()
