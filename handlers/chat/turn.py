"""One handled message: the unit of work, the sender's records and the flow state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.messages import Incoming
from handlers.chat.config import HandlerConfig
from handlers.citizen.draft import ReportDraft
from storage.models import Citizen, Conversation
from storage.uow import UnitOfWork

IDLE = "idle"
SETTLED_KEY = "_settled"  # where the settled drafts are kept in the stored state
SETTLED_KEPT = 10


@dataclass
class Turn:
    """Everything a step needs; steps change the state and the dispatcher saves it.

    ``data`` is the free-form state of the subscriber and follow-up flows; the report flow keeps
    its answers in the typed ``draft`` instead. ``conversation`` is the chat's stored row (None
    when the chat has none yet): the dispatcher creates it for consented citizens, and any step
    may ask for it with :meth:`keep` (a subscriber, a staff member writing a campaign).
    """

    uow: UnitOfWork
    incoming: Incoming
    config: HandlerConfig
    citizen: Citizen | None
    conversation: Conversation | None = None
    state: str = IDLE
    data: dict[str, Any] = field(default_factory=dict)
    draft: ReportDraft | None = None
    keep_state: bool = False
    forget_state: bool = False
    # Outcomes of this chat's recent drafts (draft id -> "filed:<code>" or "cancelled"), so a
    # button left on the screen by one of them says what became of it instead of acting.
    settled: dict[str, str] = field(default_factory=dict)

    @property
    def consented(self) -> bool:
        """True when the sender gave (and did not withdraw) the reporting consent."""
        return self.citizen is not None and self.citizen.consented_at is not None

    def goto(self, state: str, **updates: Any) -> None:
        """Move the chat to `state`, merging `updates` into its data."""
        self.state = state
        self.data.update(updates)

    def reset(self) -> None:
        """Back to the idle state with no data and no draft."""
        self.state = IDLE
        self.data = {}
        self.draft = None

    def new_draft(self) -> ReportDraft:
        """Start a new report draft (any earlier state is dropped)."""
        self.reset()
        self.draft = ReportDraft()
        return self.draft

    @property
    def report(self) -> ReportDraft:
        """The report draft of a chat inside the report flow."""
        if self.draft is None:  # a state row from before drafts were typed: rebuild it
            self.draft = ReportDraft.from_json(self.data)
        return self.draft

    def settle(self, draft_id: str, outcome: str) -> None:
        """Remember what became of a draft (the last few are kept)."""
        self.settled[draft_id] = outcome
        while len(self.settled) > SETTLED_KEPT:
            del self.settled[next(iter(self.settled))]

    def keep(self) -> None:
        """Store this chat's state even though the sender gave no reporting consent."""
        self.keep_state, self.forget_state = True, False

    def forget(self) -> None:
        """Delete this chat's stored state (it only existed for a flow that has ended)."""
        self.reset()
        self.keep_state, self.forget_state = False, True
