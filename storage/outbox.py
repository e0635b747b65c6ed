"""The broadcast outbox: one row per recipient and run, claimed by one sender at a time.

Row life: ``pending`` (unclaimed) → ``pending`` with ``claimed_by`` (a sender holds it, nothing
posted yet) → ``sending`` (committed just before the platform call) → ``sent`` / ``blocked`` /
``failed`` / ``unknown`` (committed right after the answer). A recipient getting several messages
(a photo before a long text) goes back to ``pending`` with ``step`` + 1 after each one, so only
the call itself is in doubt. A retry puts the row back to ``pending`` with ``next_attempt_at``.
``unknown``: the call timed out or was cut off, or its sender died during it (see ``recover``);
it is sent again only when an operator asks (``requeue_unknown``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, insert, literal, or_, select, text
from sqlalchemy import update as sql_update
from sqlalchemy.dialects import postgresql, sqlite

from storage.broadcast_models import Campaign, CampaignEvent, Subscriber
from storage.models import utcnow
from storage.outbox_states import OutboxStateWrites, T

INTERRUPTED = "interrupted: the sender stopped during the call"
_COLUMNS = ["campaign_id", "run", "subscriber_id", "channel", "chat_id", "status", "attempts"]


@dataclass(frozen=True)
class Claimed:
    """A row a sender holds."""

    id: int
    subscriber_id: int
    channel: str
    chat_id: str
    step: int = 0  # messages of the campaign this recipient already has


class OutboxRepository(OutboxStateWrites):
    """``uow.outbox``: queries of the campaign sender over one session (never commits)."""

    def _is_postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def campaign_status(self, campaign_id: int) -> str | None:
        """The campaign's status, read fresh."""
        stmt = select(Campaign.status).where(Campaign.id == campaign_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def active_run(self, campaign_id: int) -> int:
        """The run number of the newest ``start`` event (0 when the campaign never started)."""
        stmt = (
            select(CampaignEvent.note)
            .where(CampaignEvent.campaign_id == campaign_id, CampaignEvent.action == "start")
            .order_by(CampaignEvent.id.desc())
            .limit(1)
        )
        number = ((await self.session.execute(stmt)).scalar_one_or_none() or "").removeprefix(
            "run "
        )
        return int(number) if number.strip().isdigit() else 0

    async def is_materialised(self, campaign_id: int, run: int) -> bool:
        """True once every recipient of ``run`` has its row (recorded by an ``outbox`` event)."""
        stmt = select(func.count(CampaignEvent.id)).where(
            CampaignEvent.campaign_id == campaign_id,
            CampaignEvent.action == "outbox",
            CampaignEvent.note == f"run {run}",
        )
        return bool((await self.session.execute(stmt)).scalar_one())

    async def insert_batch(
        self, campaign_id: int, run: int, audience: Select[Any, Any, Any], after: int, batch: int
    ) -> int | None:
        """INSERT … SELECT the audience's ids above ``after``, at most ``batch`` of them.

        ``audience`` selects ``id, channel, chat_id`` ordered by id. Existing rows are left alone
        (ON CONFLICT DO NOTHING). Returns the highest id inserted, None when this was the last.
        """
        subquery = audience.subquery()
        bound_stmt = (
            select(subquery.c.id)
            .where(subquery.c.id > after)
            .order_by(subquery.c.id)
            .offset(batch - 1)
            .limit(1)
        )
        upper = (await self.session.execute(bound_stmt)).scalar_one_or_none()
        rows = select(
            literal(campaign_id),
            literal(run),
            subquery.c.id,
            subquery.c.channel,
            subquery.c.chat_id,
            literal("pending"),
            literal(0),
        ).where(subquery.c.id > after)
        if upper is not None:
            rows = rows.where(subquery.c.id <= upper)
        dialect: Any = postgresql if self._is_postgres() else sqlite
        stmt = (
            dialect.insert(T)
            .from_select(_COLUMNS, rows)
            .on_conflict_do_nothing(index_elements=["campaign_id", "run", "subscriber_id"])
        )
        await self.session.execute(stmt)
        return None if upper is None else int(upper)

    async def analyze(self) -> None:
        """Fresh planner statistics after a bulk insert (PostgreSQL), so claims plan well."""
        if self._is_postgres():
            await self.session.execute(text("ANALYZE broadcast_outbox"))

    async def mark_materialised(self, campaign_id: int, run: int) -> int:
        """Record that the run's outbox is complete; the number of rows it has."""
        await self.session.execute(
            insert(CampaignEvent).values(
                campaign_id=campaign_id,
                at=utcnow(),
                actor="sender",
                action="outbox",
                note=f"run {run}",
            )
        )
        count = (
            select(func.count())
            .select_from(T)
            .where(T.c.campaign_id == campaign_id, T.c.run == run)
        )
        return int((await self.session.execute(count)).scalar_one())

    async def settle_leavers(self, campaign_id: int, run: int) -> int:
        """Unclaimed pending rows of people who unsubscribed (failed) or blocked the bot."""
        settled = 0
        for status, values in (
            ("unsubscribed", {"status": "failed", "error": "unsubscribed"}),
            ("blocked", {"status": "blocked", "error": "blocked"}),
        ):
            leavers = select(Subscriber.id).where(Subscriber.status == status)
            stmt = (
                sql_update(T)
                .where(
                    T.c.campaign_id == campaign_id,
                    T.c.run == run,
                    T.c.status == "pending",
                    T.c.claimed_by.is_(None),
                    T.c.subscriber_id.in_(leavers),
                )
                .values(**values)
            )
            settled += getattr(await self.session.execute(stmt), "rowcount", 0) or 0
        return settled

    async def claim(self, campaign_id: int, run: int, sender: str, limit: int) -> list[Claimed]:
        """Take up to ``limit`` due, unclaimed pending rows for ``sender``.

        PostgreSQL: the candidate rows are locked with FOR UPDATE SKIP LOCKED, so concurrent
        senders take disjoint rows without waiting. SQLite: one writer at a time, and the UPDATE
        re-checks ``claimed_by IS NULL`` itself.
        """
        now = utcnow()
        candidates = (
            select(T.c.id)
            .where(
                T.c.campaign_id == campaign_id,
                T.c.run == run,
                T.c.status == "pending",
                T.c.claimed_by.is_(None),
                or_(T.c.next_attempt_at.is_(None), T.c.next_attempt_at <= now),
            )
            .limit(limit)
        )
        if self._is_postgres():
            # A CTE is evaluated once; as an IN (subquery) the planner may re-run the locking
            # subquery for every candidate row, which turned a claim into minutes at 300k rows.
            picked = candidates.with_for_update(skip_locked=True).cte("picked")
            condition = T.c.id == picked.c.id
        else:
            condition = T.c.id.in_(candidates.scalar_subquery())
        stmt = (
            sql_update(T)
            .where(condition, T.c.claimed_by.is_(None))
            .values(claimed_by=sender, claimed_at=now)
            .returning(T.c.id, T.c.subscriber_id, T.c.channel, T.c.chat_id, T.c.step)
        )
        rows = (await self.session.execute(stmt)).all()
        return sorted(
            (Claimed(int(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4] or 0)) for r in rows),
            key=lambda c: c.id,
        )

    async def next_due(self, campaign_id: int, run: int) -> datetime | bool | None:
        """False when the run has no pending/sending row left; else the earliest retry time (or
        None when something is due now or held by a sender)."""
        stmt = select(func.count(), func.min(T.c.next_attempt_at)).where(
            T.c.campaign_id == campaign_id,
            T.c.run == run,
            T.c.status.in_(("pending", "sending")),
        )
        count, earliest = (await self.session.execute(stmt)).one()
        if not count:
            return False
        return earliest if isinstance(earliest, datetime) else None

    async def release(self, sender: str, ids: Sequence[int]) -> None:
        """Give back claimed rows that were never posted (stop, pause, shutdown)."""
        if ids:
            await self.session.execute(
                sql_update(T)
                .where(T.c.id.in_(list(ids)), T.c.claimed_by == sender, T.c.status == "pending")
                .values(claimed_by=None, claimed_at=None)
            )

    async def recover(
        self, campaign_id: int, run: int, *, me: str, lease: timedelta, all_others_dead: bool
    ) -> tuple[int, int]:
        """Resolve rows left by dead senders: (released, unknown).

        A claimed-but-pending row has no call in flight: it is released and sent later from its
        ``step``. A ``sending`` row may or may not have reached the platform before its sender
        died; re-sending risks a duplicate, so it becomes ``unknown`` (reported, and sent again
        only by ``requeue_unknown``). A sender is dead when its claim is older than ``lease``
        (claims are refreshed before each post), or at once when the caller holds the run's lock.
        """
        others = T.c.claimed_by != me
        stale = others if all_others_dead else and_(others, T.c.claimed_at < utcnow() - lease)
        base = and_(T.c.campaign_id == campaign_id, T.c.run == run, T.c.claimed_by.is_not(None))
        released = await self.session.execute(
            sql_update(T)
            .where(base, stale, T.c.status == "pending")
            .values(claimed_by=None, claimed_at=None)
        )
        interrupted = await self.session.execute(
            sql_update(T)
            .where(base, stale, T.c.status == "sending")
            .values(status="unknown", error=INTERRUPTED, claimed_by=None)
        )
        return int(getattr(released, "rowcount", 0) or 0), int(
            getattr(interrupted, "rowcount", 0) or 0
        )

    async def requeue_unknown(self, campaign_id: int, run: int) -> list[Claimed]:
        """Put the run's ``unknown`` rows back to unclaimed ``pending`` (an operator's resend,
        from the step they were at); the rows requeued."""
        stmt = (
            sql_update(T)
            .where(T.c.campaign_id == campaign_id, T.c.run == run, T.c.status == "unknown")
            .values(status="pending", claimed_by=None, claimed_at=None, next_attempt_at=None)
            .returning(T.c.id, T.c.subscriber_id, T.c.channel, T.c.chat_id, T.c.step)
        )
        rows = (await self.session.execute(stmt)).all()
        return sorted(
            (Claimed(int(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4] or 0)) for r in rows),
            key=lambda c: c.id,
        )
