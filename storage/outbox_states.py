"""Batched state changes of outbox rows (``uow.outbox.write_states``), one statement per kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, bindparam
from sqlalchemy import update as sql_update

from storage.base import Repository
from storage.broadcast_models import OutboxMessage, Subscriber
from storage.models import utcnow

T: Table = OutboxMessage.__table__  # type: ignore[assignment]
SUB: Table = Subscriber.__table__  # type: ignore[assignment]

_FINAL = (
    sql_update(T)
    .where(T.c.id == bindparam("b_id"))
    .values(
        status=bindparam("b_status"),
        message_id=bindparam("b_message_id"),
        error=bindparam("b_error"),
        sent_at=bindparam("b_sent_at"),
    )
)
_RETRY = (
    sql_update(T)
    .where(T.c.id == bindparam("b_id"))
    .values(status="pending", next_attempt_at=bindparam("b_next"), error=bindparam("b_error"))
)
_STEP = (
    sql_update(T)
    .where(T.c.id == bindparam("b_id"))
    .values(status="pending", step=bindparam("b_step"), error=None, next_attempt_at=None)
)
_BLOCK_SUBSCRIBER = (
    sql_update(SUB)
    .where(SUB.c.id == bindparam("b_id"))
    .values(status="blocked", blocked_at=bindparam("b_at"))
)


@dataclass(frozen=True)
class FinalState:
    """A row's last state: ``sent`` / ``failed`` / ``unknown`` / ``blocked`` (which blocks the
    subscriber)."""

    row_id: int
    status: str
    at: datetime
    message_id: str | None = None
    error: str | None = None
    subscriber_id: int | None = None


@dataclass(frozen=True)
class StepState:
    """One of the recipient's messages delivered, more to come: back to ``pending`` (still
    claimed) with ``step`` messages done, so the wait before the next is not in doubt."""

    row_id: int
    step: int


@dataclass(frozen=True)
class RetryState:
    """Back to ``pending`` (still claimed) until ``next_at``."""

    row_id: int
    next_at: datetime | None
    error: str


class OutboxStateWrites(Repository):
    """The writing half of ``uow.outbox``: executemany of a batch of row states."""

    async def write_states(
        self,
        sender: str,
        sending: Sequence[int],
        finals: Sequence[FinalState],
        retries: Sequence[RetryState],
        steps: Sequence[StepState] = (),
    ) -> set[int]:
        """One batch of state changes; the ``sending`` ids that are still ``sender``'s."""
        ours: set[int] = set()
        if sending:
            stmt = (
                sql_update(T)
                .where(T.c.id.in_(list(sending)), T.c.claimed_by == sender)
                .values(status="sending", attempts=T.c.attempts + 1, claimed_at=utcnow())
                .returning(T.c.id)
            )
            ours = {int(row[0]) for row in (await self.session.execute(stmt)).all()}
        if finals:
            await self.session.execute(
                _FINAL,
                [
                    {
                        "b_id": f.row_id,
                        "b_status": f.status,
                        "b_message_id": f.message_id,
                        "b_error": f.error[:500] if f.error else None,
                        "b_sent_at": f.at if f.status == "sent" else None,
                    }
                    for f in finals
                ],
            )
            blocked = [
                {"b_id": f.subscriber_id, "b_at": f.at}
                for f in finals
                if f.status == "blocked" and f.subscriber_id is not None
            ]
            if blocked:
                await self.session.execute(_BLOCK_SUBSCRIBER, blocked)
        if retries:
            await self.session.execute(
                _RETRY,
                [
                    {"b_id": r.row_id, "b_next": r.next_at, "b_error": r.error[:500]}
                    for r in retries
                ],
            )
        if steps:
            await self.session.execute(
                _STEP, [{"b_id": st.row_id, "b_step": st.step} for st in steps]
            )
        return ours
