"""The inbox repository: store raw updates, claim the next one of a chat, record the outcome."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, insert, not_, or_, select, update
from sqlalchemy.orm import aliased

from storage.base import Repository
from storage.inbox_models import INBOX_DONE, INBOX_PARKED, INBOX_PENDING, InboxUpdate
from storage.models import utcnow

ChatRef = tuple[str, str]  # (channel, chat key)


@dataclass(frozen=True)
class InboxItem:
    """A claimed update, as a plain object the worker can keep after the session closes."""

    id: int
    channel: str
    chat_key: str | None
    update_key: str | None
    raw: str
    tries: int
    received_at: datetime


@dataclass(frozen=True)
class NewInboxRow:
    """An update to store: parked at once when ``unusable`` says why it can never be used."""

    channel: str
    raw: str
    chat_key: str | None
    update_key: str | None
    unusable: str | None = None


@dataclass(frozen=True)
class InboxDepth:
    """How much is waiting: pending rows, parked rows and the oldest pending arrival."""

    pending: int
    parked: int
    oldest_pending: datetime | None


class InboxRepository(Repository):
    """Rows of ``inbox_updates``; the worker claims them in order per chat."""

    def add(
        self,
        channel: str,
        raw: str,
        *,
        chat_key: str | None,
        update_key: str | None,
        parked_error: str | None = None,
    ) -> InboxUpdate:
        """Store one update as received; with ``parked_error`` it is parked at once."""
        row = InboxUpdate(
            channel=channel,
            raw=raw,
            chat_key=chat_key,
            update_key=update_key,
            state=INBOX_PARKED if parked_error else INBOX_PENDING,
            last_error=parked_error,
            tries=0,
            received_at=utcnow(),
            next_attempt_at=utcnow(),
        )
        self.session.add(row)
        return row

    async def add_many(self, rows: list[NewInboxRow]) -> None:
        """Store several updates in arrival order with one statement."""
        if not rows:
            return
        now = utcnow()
        await self.session.execute(
            insert(InboxUpdate),
            [
                {
                    "channel": row.channel,
                    "raw": row.raw,
                    "chat_key": row.chat_key,
                    "update_key": row.update_key,
                    "state": INBOX_PARKED if row.unusable else INBOX_PENDING,
                    "last_error": row.unusable,
                    "tries": 0,
                    "received_at": now,
                    "next_attempt_at": now,
                }
                for row in rows
            ],
        )

    async def claim(
        self,
        now: datetime,
        *,
        channels: Collection[str] | None = None,
        busy_chats: Collection[ChatRef] = (),
        busy_ids: Collection[int] = (),
        lock: bool = False,
    ) -> InboxItem | None:
        """The oldest due pending update that is first of its chat, or None.

        A chat whose first pending update waits for a retry waits as a whole, so per-chat order
        holds. ``lock`` (PostgreSQL) takes the row with ``FOR UPDATE SKIP LOCKED``: another
        process holding it is skipped, and its later rows are not first of their chat.
        """
        earlier = aliased(InboxUpdate)
        head = (
            select(func.min(earlier.id))
            .where(
                earlier.channel == InboxUpdate.channel,
                earlier.chat_key == InboxUpdate.chat_key,
                earlier.state == INBOX_PENDING,
            )
            .scalar_subquery()
        )
        stmt = (
            select(InboxUpdate)
            .where(
                InboxUpdate.state == INBOX_PENDING,
                # never tried: due now (arrival times come from the database host's clock)
                or_(InboxUpdate.tries == 0, InboxUpdate.next_attempt_at <= now),
                or_(InboxUpdate.chat_key.is_(None), InboxUpdate.id == head),
            )
            .order_by(InboxUpdate.id)
            .limit(1)
        )
        if channels is not None:
            stmt = stmt.where(InboxUpdate.channel.in_(list(channels)))
        for channel, chat_key in busy_chats:
            stmt = stmt.where(
                not_(and_(InboxUpdate.channel == channel, InboxUpdate.chat_key == chat_key))
            )
        if busy_ids:
            stmt = stmt.where(InboxUpdate.id.not_in(list(busy_ids)))
        if lock:
            stmt = stmt.with_for_update(skip_locked=True, of=InboxUpdate)
        row = (await self.session.execute(stmt)).scalar_one_or_none()
        if row is None:
            return None
        return InboxItem(
            id=row.id,
            channel=row.channel,
            chat_key=row.chat_key,
            update_key=row.update_key,
            raw=row.raw,
            tries=row.tries,
            received_at=row.received_at,
        )

    async def mark_done(self, item_id: int, at: datetime) -> None:
        """The update was processed (its effects committed with the processed-update record)."""
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.id == item_id)
            .values(state=INBOX_DONE, done_at=at, tries=InboxUpdate.tries + 1)
        )

    async def mark_failed(
        self, item_id: int, error: str, *, retry_at: datetime | None, tries: int
    ) -> None:
        """Processing failed: try again at ``retry_at``, or park it (``retry_at`` None)."""
        values: dict[str, object] = {"tries": tries, "last_error": error[:2000]}
        if retry_at is None:
            values["state"] = INBOX_PARKED
        else:
            values["next_attempt_at"] = retry_at
        await self.session.execute(
            update(InboxUpdate).where(InboxUpdate.id == item_id).values(**values)
        )

    async def depth(self) -> InboxDepth:
        """Pending and parked counts and the oldest pending arrival."""
        stmt = select(
            func.count().filter(InboxUpdate.state == INBOX_PENDING),
            func.count().filter(InboxUpdate.state == INBOX_PARKED),
            func.min(InboxUpdate.received_at).filter(InboxUpdate.state == INBOX_PENDING),
        )
        pending, parked, oldest = (await self.session.execute(stmt)).one()
        if oldest is not None and oldest.tzinfo is None:  # an aggregate skips the column type
            oldest = datetime.fromisoformat(str(oldest)).replace(tzinfo=utcnow().tzinfo)
        return InboxDepth(pending=int(pending), parked=int(parked), oldest_pending=oldest)

    async def get(self, item_id: int) -> InboxUpdate | None:
        """One row, for operators and tests."""
        return await self.session.get(InboxUpdate, item_id)

    async def by_state(self, state: str, limit: int = 100) -> list[InboxUpdate]:
        """Rows in one state, oldest first (parked ones are what an operator looks at)."""
        stmt = (
            select(InboxUpdate)
            .where(InboxUpdate.state == state)
            .order_by(InboxUpdate.id)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def requeue_parked(self) -> int:
        """Put every parked row back in the queue (after an operator fixed the cause)."""
        result = await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.state == INBOX_PARKED)
            .values(state=INBOX_PENDING, tries=0, next_attempt_at=utcnow())
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def prune_done(self, before: datetime) -> int:
        """Forget processed rows older than ``before`` (the processed-update log stays)."""
        result = await self.session.execute(
            delete(InboxUpdate).where(InboxUpdate.state == INBOX_DONE, InboxUpdate.done_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
