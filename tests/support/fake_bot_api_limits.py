"""Flood limits of the loopback Bot API server.

Telegram documents roughly 1 message per second per private chat (short bursts are
tolerated), 20 messages per minute per group and about 30 messages per second overall.
These classes model those limits; they never await, so a check followed by a consume in
the same synchronous block is atomic on the event loop.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class TokenBucket:
    """A token bucket holding up to ``capacity`` tokens, refilled at ``rate`` per second."""

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.capacity = max(capacity, 1.0)
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def wait_time(self) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self._refill()
        if self._tokens >= 1.0:
            return 0.0
        return (1.0 - self._tokens) / self.rate

    def consume(self) -> None:
        self._refill()
        self._tokens -= 1.0


class SlidingWindow:
    """At most ``limit`` events in any ``window`` seconds."""

    def __init__(self, limit: float, window: float, clock: Callable[[], float]) -> None:
        self.limit = max(int(limit), 1)
        self.window = window
        self._clock = clock
        self._events: deque[float] = deque()

    def _prune(self, now: float) -> None:
        while self._events and self._events[0] <= now - self.window:
            self._events.popleft()

    def wait_time(self) -> float:
        now = self._clock()
        self._prune(now)
        if len(self._events) < self.limit:
            return 0.0
        return self._events[0] + self.window - now

    def consume(self) -> None:
        now = self._clock()
        self._prune(now)
        self._events.append(now)


class FloodControl:
    """Global, per-private-chat and per-group limits for sending methods.

    A limit set to ``None`` is disabled. Chats with a negative id are groups, supergroups
    or channels; positive ids are private chats.
    """

    def __init__(
        self,
        *,
        global_per_second: float | None,
        private_chat_per_second: float | None,
        private_chat_burst: int,
        group_per_minute: float | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.global_per_second = global_per_second
        self.private_chat_per_second = private_chat_per_second
        self.private_chat_burst = private_chat_burst
        self.group_per_minute = group_per_minute
        self._clock = clock
        self.reset()

    def reset(self) -> None:
        """Forget all consumed tokens (every bucket starts full again)."""
        self._global: TokenBucket | None = None
        if self.global_per_second is not None:
            self._global = TokenBucket(self.global_per_second, self.global_per_second, self._clock)
        self._private: dict[int, TokenBucket] = {}
        self._groups: dict[int, SlidingWindow] = {}

    def _chat_limiter(self, chat_id: int) -> TokenBucket | SlidingWindow | None:
        if chat_id < 0:
            if self.group_per_minute is None:
                return None
            if chat_id not in self._groups:
                self._groups[chat_id] = SlidingWindow(self.group_per_minute, 60.0, self._clock)
            return self._groups[chat_id]
        if self.private_chat_per_second is None:
            return None
        if chat_id not in self._private:
            self._private[chat_id] = TokenBucket(
                self.private_chat_per_second, self.private_chat_burst, self._clock
            )
        return self._private[chat_id]

    def acquire(self, chat_id: int | None) -> int | None:
        """Take one send slot for ``chat_id``.

        Returns ``None`` when the send is allowed (and consumes from every applicable limit),
        otherwise the ``retry_after`` value in whole seconds (at least 1) and consumes
        nothing.
        """
        limiters: list[TokenBucket | SlidingWindow] = []
        if self._global is not None:
            limiters.append(self._global)
        chat_limiter = self._chat_limiter(chat_id) if chat_id is not None else None
        if chat_limiter is not None:
            limiters.append(chat_limiter)
        wait = max((limiter.wait_time() for limiter in limiters), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for limiter in limiters:
            limiter.consume()
        return None
