"""Zalo's own rate budget: the Telegram ``RateBudget`` with configurable per-chat spacing.

The same rules as Telegram's (nothing reserved ahead, a chat's turn held until its call has
returned, a pause for every rate-limit answer); Zalo chats are private and their ids are strings,
so each id is mapped to a stable non-negative number and the spacing is a setting.
"""

from __future__ import annotations

import hashlib
from contextlib import AbstractAsyncContextManager

from bot.channels.telegram.budget import MARGIN, RateBudget
from domain.clock import SYSTEM_CLOCK, Clock


def chat_number(chat_id: str) -> int:
    """A stable non-negative number for a Zalo chat id (the budget's key)."""
    return int.from_bytes(hashlib.blake2b(chat_id.encode(), digest_size=8).digest(), "big")


class ZaloRateBudget(RateBudget):
    """``async with budget.chat_slot(chat_id): await call()``; ``pause(s)`` on a 429."""

    def __init__(
        self, rate: float = 10.0, *, chat_spacing: float = 1.0, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        super().__init__(rate, clock=clock)
        self.chat_spacing = chat_spacing

    def chat_slot(self, chat_id: str) -> AbstractAsyncContextManager[None]:
        """The slot of one Zalo chat."""
        return self.slot(chat_number(chat_id))

    def _chat_ready(self, chat_id: int) -> float:
        last = self._last_private.get(chat_id)
        return float("-inf") if last is None else last + self.chat_spacing + MARGIN

    def _forget(self, now: float) -> None:
        horizon = now - 2 * max(self.chat_spacing, 1.0)
        self._last_private = {c: t for c, t in self._last_private.items() if t > horizon}
