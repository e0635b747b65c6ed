"""A recording delivery port for tests: keeps every message, or answers a scripted outcome."""

from __future__ import annotations

import itertools
from typing import NamedTuple

from domain.delivery import Blocked, Delivered, Outcome
from domain.messages import Reply


class Sent(NamedTuple):
    """One delivered message."""

    channel: str
    chat_id: str
    reply: Reply


class RecordingDelivery:
    """``DeliveryPort`` that records what was delivered.

    ``failing`` maps chat ids to the outcome they answer (a blocked chat, a Bad Gateway);
    ``fail_all`` answers that outcome for every chat while it is set.
    """

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.failing: dict[str, Outcome] = {}
        self.fail_all: Outcome | None = None
        self._ids = itertools.count(1)

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Record ``message`` unless its chat is set to fail."""
        failure = self.fail_all or self.failing.get(chat_id)
        if failure is not None:
            return failure
        self.sent.append(Sent(str(channel), chat_id, message))
        return Delivered(message_id=str(next(self._ids)))

    def block(self, chat_id: str) -> None:
        """The person behind ``chat_id`` blocked the bot."""
        self.failing[chat_id] = Blocked("Forbidden: bot was blocked by the user")

    def to(self, chat_id: str) -> list[Reply]:
        """Everything delivered to ``chat_id``, in order."""
        return [s.reply for s in self.sent if s.chat_id == chat_id]

    def texts_to(self, chat_id: str) -> str:
        """The texts delivered to ``chat_id``, joined by newlines."""
        return "\n".join(r.text for r in self.to(chat_id))

    def clear(self) -> None:
        """Forget what was recorded."""
        self.sent.clear()
