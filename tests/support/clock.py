"""A fake clock for code that takes a ``domain.clock.Clock``: time moves only when code sleeps.

``sleep(s)`` yields to the event loop once and then moves the clock to at least ``now + s``, so
concurrent sleepers wake no earlier than asked and nothing waits in real time.
"""

from __future__ import annotations

import asyncio


class FakeClock:
    """Virtual monotonic time starting at ``start``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept = 0.0  # total virtual seconds waited, for progress assertions

    def monotonic(self) -> float:
        """The virtual time."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Yield, then jump the clock forward to at least ``now + seconds``."""
        target = self.now + max(0.0, seconds)
        self.slept += max(0.0, seconds)
        await asyncio.sleep(0)
        self.now = max(self.now, target)

    def advance(self, seconds: float) -> None:
        """Move time forward without sleeping (a stalled event loop, a pause)."""
        self.now += seconds
