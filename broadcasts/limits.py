"""The Bot API's limits, kept by the sender itself: global rate, per chat, per group, 429 pauses."""

from __future__ import annotations

import asyncio
import time
from collections import deque

PRIVATE_SPACING = 1.0  # seconds between two messages to one chat
GROUP_PER_MINUTE = 20
MARGIN = 0.02  # network jitter between our clock and Telegram's


class Limits:
    """Await ``acquire(chat_id)`` before every sending call; ``pause(seconds)`` after a 429.

    Global rate: one slot every ``1/rate`` s (a short catch-up burst after a stall, never more
    than ``burst`` messages at once). Private chats: ≥ 1 s apart. Groups (negative ids):
    ≤ 20 per minute. Memory stays bounded: chats not used within a minute are forgotten.
    """

    def __init__(self, rate: float, *, burst: int = 1) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.burst = max(1, burst)
        self._next = 0.0
        self._paused_until = 0.0
        self._chats: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}
        self._calls = 0
        self.paused_total = 0.0

    def pause(self, seconds: float) -> None:
        """Stop every send for ``seconds`` (exactly Telegram's ``retry_after``)."""
        until = time.monotonic() + seconds
        if until > self._paused_until:
            self.paused_total += until - max(self._paused_until, time.monotonic())
            self._paused_until = until

    async def acquire(self, chat_id: int) -> None:
        """Wait for a slot to send to ``chat_id`` (reserved on return)."""
        now = time.monotonic()
        at = max(now, self._paused_until, self._chat_ready(chat_id, now))
        if self.interval:
            slot = max(self._next, at - self.interval * (self.burst - 1))
            at = max(at, slot)
            self._next = slot + self.interval
        self._reserve(chat_id, at)
        delay = at - now
        if delay > 0.0005:
            await asyncio.sleep(delay)
        while time.monotonic() < self._paused_until:  # a 429 arrived while we waited
            await asyncio.sleep(self._paused_until - time.monotonic())
        self._calls += 1
        if self._calls % 10_000 == 0:
            self._forget(time.monotonic())

    def _chat_ready(self, chat_id: int, now: float) -> float:
        if chat_id < 0:
            window = self._groups.get(chat_id)
            if window and len(window) >= GROUP_PER_MINUTE:
                return window[0] + 60.0 + MARGIN
            return now
        last = self._chats.get(chat_id)
        return now if last is None else last + PRIVATE_SPACING + MARGIN

    def _reserve(self, chat_id: int, at: float) -> None:
        if chat_id < 0:
            window = self._groups.setdefault(chat_id, deque())
            window.append(at)
            while len(window) > GROUP_PER_MINUTE:
                window.popleft()
        else:
            self._chats[chat_id] = at

    def _forget(self, now: float) -> None:
        self._chats = {c: t for c, t in self._chats.items() if t > now - 2 * PRIVATE_SPACING}
        self._groups = {c: w for c, w in self._groups.items() if w and w[-1] > now - 60.0}
