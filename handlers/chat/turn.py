"""One handled message: the unit of work, the sender's records and the flow state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.messages import Incoming
from handlers.chat.config import HandlerConfig
from storage.models import Citizen, Conversation
from storage.uow import UnitOfWork


@dataclass
class Turn:
    """Everything a step needs; steps change `state`/`data` and the dispatcher saves them."""

    uow: UnitOfWork
    incoming: Incoming
    config: HandlerConfig
    citizen: Citizen | None
    conversation: Conversation | None = None
    state: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)

    def goto(self, state: str, **updates: Any) -> None:
        """Move the chat to `state`, merging `updates` into its data."""
        self.state = state
        self.data.update(updates)

    def reset(self) -> None:
        """Back to the idle state with no data."""
        self.state = "idle"
        self.data = {}
