"""The inbox repository: store raw updates, claim the next one of a chat, record the outcome."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Select,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

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
        values = [
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
        ]
        # the table's insert: no ORM bookkeeping for rows nobody loads here; one row (the
        # quiet case) as a plain statement, which costs less than a batch of one
        await self.session.execute(_STORE, values[0] if len(values) == 1 else values)

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
        holds. ``lock`` (PostgreSQL) takes the row with ``FOR UPDATE SKIP LOCKED``: a row another
        transaction holds is skipped, and the later rows of its chat are not first of their chat,
        so the busy sets are not needed there. Without a lock, the rows this process is working
        on (``busy_chats``, ``busy_ids``) are skipped here: each busy chat has at most one head
        row, so ``len(busy_ids) + 1`` candidates always hold the first free one. The statement is
        built once (only its parameters change), which keeps the claim cheap.
        """
        busy_ids, busy_chats = (
            set(busy_ids),
            set(busy_chats),
        )  # as they are now, not after the await
        params = {
            "now": now,
            "channels": list(channels) if channels is not None else [],
            "limit": 1 if lock else len(busy_ids) + 1,
        }
        stmt = _CLAIM_LOCKED if lock else _CLAIM
        if channels is None:
            stmt = _CLAIM_LOCKED_ANY if lock else _CLAIM_ANY
        rows = (await self.session.execute(stmt, params)).all()
        for row in rows:
            if row.id in busy_ids or (row.channel, row.chat_key) in busy_chats:
                continue
            return InboxItem(
                id=row.id,
                channel=row.channel,
                chat_key=row.chat_key,
                update_key=row.update_key,
                raw=row.raw,
                tries=row.tries,
                received_at=row.received_at,
            )
        return None

    async def mark_done(self, item_id: int, at: datetime) -> bool:
        """The update was processed (its effects commit with this mark); True when later updates
        of its chat were already stored and wait (in the same statement)."""
        row = (await self.session.execute(_MARK_DONE, {"item_id": item_id, "at": at})).first()
        return bool(row is not None and row.more)

    async def mark_failed(
        self, item_id: int, error: str, *, retry_at: datetime | None, tries: int
    ) -> None:
        """Processing failed: try again at ``retry_at``, or park it (``retry_at`` None).

        Only a row still pending after ``tries - 1`` tries changes: an outcome another worker
        recorded meanwhile (the row was free again once this try rolled back) is kept."""
        values: dict[str, object] = {"tries": tries, "last_error": error[:2000]}
        if retry_at is None:
            values["state"] = INBOX_PARKED
        else:
            values["next_attempt_at"] = retry_at
        await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.id == item_id,
                InboxUpdate.state == INBOX_PENDING,
                InboxUpdate.tries == tries - 1,
            )
            .values(**values)
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


_TABLE = cast(Table, InboxUpdate.__table__)


def _claim_statement(*, any_channel: bool, lock: bool) -> Select[Any]:
    """The claim query with bound parameters ``now``, ``channels`` and ``limit``."""
    table = _TABLE
    earlier = table.alias("earlier")
    head = (
        select(func.min(earlier.c.id))
        .where(
            earlier.c.channel == table.c.channel,
            earlier.c.chat_key == table.c.chat_key,
            earlier.c.state == INBOX_PENDING,
        )
        .scalar_subquery()
    )
    stmt = (
        select(
            table.c.id,
            table.c.channel,
            table.c.chat_key,
            table.c.update_key,
            table.c.raw,
            table.c.tries,
            table.c.received_at,
        )
        .where(
            table.c.state == INBOX_PENDING,
            # never tried: due now (arrival times come from the database host's clock)
            or_(table.c.tries == 0, table.c.next_attempt_at <= bindparam("now")),
            or_(table.c.chat_key.is_(None), table.c.id == head),
        )
        .order_by(table.c.id)
        .limit(bindparam("limit", type_=Integer))
    )
    if not any_channel:
        stmt = stmt.where(table.c.channel.in_(bindparam("channels", expanding=True)))
    if lock:
        stmt = stmt.with_for_update(skip_locked=True, of=table)
    return stmt


_CLAIM = _claim_statement(any_channel=False, lock=False)
_CLAIM_LOCKED = _claim_statement(any_channel=False, lock=True)
_CLAIM_ANY = _claim_statement(any_channel=True, lock=False)
_CLAIM_LOCKED_ANY = _claim_statement(any_channel=True, lock=True)
_LATER = _TABLE.alias("later")
_MARK_DONE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("item_id"))
    .values(
        state=INBOX_DONE,
        done_at=bindparam("at", type_=_TABLE.c.done_at.type),
        tries=_TABLE.c.tries + 1,
    )
    .returning(
        exists()
        .where(
            _LATER.c.channel == _TABLE.c.channel,
            _LATER.c.chat_key == _TABLE.c.chat_key,
            _LATER.c.state == INBOX_PENDING,
            _LATER.c.id > _TABLE.c.id,
        )
        .label("more")
    )
)
_STORE = insert(_TABLE)
