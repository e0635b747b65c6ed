"""The outbox: one row per recipient and run, claimed by one sender at a time.

Row life: ``pending`` (unclaimed) → ``pending`` with ``claimed_by`` (a sender holds it, nothing
posted yet) → ``sending`` (committed just before the API call) → ``sent`` / ``blocked`` /
``failed`` (committed right after the answer). A retry puts the row back to ``pending`` with
``next_attempt_at``. Only ``sending`` rows of a dead sender are in doubt (see ``recover``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, func, insert, literal, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from broadcasts.audience import audience_select
from storage.broadcast_models import Campaign, CampaignEvent, OutboxMessage, Subscriber
from storage.models import utcnow

BATCH = 5000
INTERRUPTED = "interrupted"
T: Table = OutboxMessage.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Claimed:
    """A row a sender holds."""

    id: int
    subscriber_id: int
    channel: str
    chat_id: str


def _is_postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


async def current_run(engine: AsyncEngine, campaign_id: int) -> int:
    """The newest run that has outbox rows (0 when none was materialised)."""
    async with engine.connect() as conn:
        stmt = select(func.max(OutboxMessage.run)).where(OutboxMessage.campaign_id == campaign_id)
        return int((await conn.execute(stmt)).scalar_one_or_none() or 0)


async def is_materialised(engine: AsyncEngine, campaign_id: int, run: int) -> bool:
    """True once every recipient of ``run`` has its row (recorded by an ``outbox`` event)."""
    async with engine.connect() as conn:
        stmt = select(func.count(CampaignEvent.id)).where(
            CampaignEvent.campaign_id == campaign_id,
            CampaignEvent.action == "outbox",
            CampaignEvent.note == f"run {run}",
        )
        return bool((await conn.execute(stmt)).scalar_one())


async def materialise(
    engine: AsyncEngine, campaign_id: int, run: int, *, batch: int = BATCH
) -> int:
    """Insert the run's rows from the campaign's audience, ``batch`` ids per INSERT … SELECT.

    Idempotent: an interrupted materialisation is finished by calling it again (existing rows
    are left alone by ON CONFLICT DO NOTHING). Nothing is loaded into memory but one boundary id.
    Returns the number of rows the run has.
    """
    async with engine.connect() as conn:
        campaign_filter = (
            await conn.execute(select(Campaign.audience_filter).where(Campaign.id == campaign_id))
        ).scalar_one()
    audience = audience_select(campaign_filter or {}).subquery()
    dialect: Any = postgresql if _is_postgres(engine) else sqlite
    after = 0
    while campaign_filter:
        async with engine.begin() as conn:
            bound_stmt = (
                select(audience.c.id)
                .where(audience.c.id > after)
                .order_by(audience.c.id)
                .offset(batch - 1)
                .limit(1)
            )
            upper = (await conn.execute(bound_stmt)).scalar_one_or_none()
            rows = select(
                literal(campaign_id),
                literal(run),
                audience.c.id,
                audience.c.channel,
                audience.c.chat_id,
                literal("pending"),
                literal(0),
            ).where(audience.c.id > after)
            if upper is not None:
                rows = rows.where(audience.c.id <= upper)
            stmt = (
                dialect.insert(T)
                .from_select(
                    [
                        "campaign_id",
                        "run",
                        "subscriber_id",
                        "channel",
                        "chat_id",
                        "status",
                        "attempts",
                    ],
                    rows,
                )
                .on_conflict_do_nothing(index_elements=["campaign_id", "run", "subscriber_id"])
            )
            await conn.execute(stmt)
        if upper is None:
            break
        after = int(upper)
    if _is_postgres(engine):
        # Fresh statistics after a bulk insert: the claim queries are planned for the real size.
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE broadcast_outbox"))
    async with engine.begin() as conn:
        await conn.execute(
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
        return int((await conn.execute(count)).scalar_one())


async def drop_withdrawn(engine: AsyncEngine, campaign_id: int, run: int) -> int:
    """Settle pending rows of people who left or blocked the bot since the outbox was built.

    Someone who sent /huydangky after the run started withdrew consent: their row fails with the
    reason ``unsubscribed`` instead of being sent; a blocked subscriber's row becomes blocked.
    """
    settled = 0
    for status, values in (
        ("unsubscribed", {"status": "failed", "error": "unsubscribed"}),
        ("blocked", {"status": "blocked", "error": "blocked"}),
    ):
        leavers = select(Subscriber.id).where(Subscriber.status == status)
        stmt = (
            update(T)
            .where(
                T.c.campaign_id == campaign_id,
                T.c.run == run,
                T.c.status == "pending",
                T.c.claimed_by.is_(None),
                T.c.subscriber_id.in_(leavers),
            )
            .values(**values)
        )
        async with engine.begin() as conn:
            settled += (await conn.execute(stmt)).rowcount or 0
    return settled


async def claim(
    engine: AsyncEngine, campaign_id: int, run: int, sender: str, limit: int
) -> list[Claimed]:
    """Take up to ``limit`` due, unclaimed pending rows for ``sender`` (one short transaction).

    PostgreSQL: the candidate rows are locked with FOR UPDATE SKIP LOCKED, so concurrent senders
    take disjoint rows without waiting. SQLite: one writer at a time, and the UPDATE re-checks
    ``claimed_by IS NULL`` itself.
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
    if _is_postgres(engine):
        # A CTE is evaluated once; as an IN (subquery) the planner may re-run the locking
        # subquery for every candidate row, which turned a claim into minutes at 300k rows.
        picked = candidates.with_for_update(skip_locked=True).cte("picked")
        stmt = (
            update(T)
            .where(T.c.id == picked.c.id, T.c.claimed_by.is_(None))
            .values(claimed_by=sender, claimed_at=now)
            .returning(T.c.id, T.c.subscriber_id, T.c.channel, T.c.chat_id)
        )
    else:
        stmt = (
            update(T)
            .where(T.c.id.in_(candidates.scalar_subquery()), T.c.claimed_by.is_(None))
            .values(claimed_by=sender, claimed_at=now)
            .returning(T.c.id, T.c.subscriber_id, T.c.channel, T.c.chat_id)
        )
    async with engine.begin() as conn:
        rows = (await conn.execute(stmt)).all()
    return sorted(
        (Claimed(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows), key=lambda c: c.id
    )


async def next_due(engine: AsyncEngine, campaign_id: int, run: int) -> datetime | bool | None:
    """False when the run has no pending/sending row left; else the earliest retry time (or None
    when something is due now or held by a sender)."""
    async with engine.connect() as conn:
        stmt = select(func.count(), func.min(T.c.next_attempt_at)).where(
            T.c.campaign_id == campaign_id,
            T.c.run == run,
            T.c.status.in_(("pending", "sending")),
        )
        count, earliest = (await conn.execute(stmt)).one()
    if not count:
        return False
    return earliest if isinstance(earliest, datetime) else None


async def release(engine: AsyncEngine, sender: str, ids: Sequence[int]) -> None:
    """Give back claimed rows that were never posted (stop, pause, shutdown)."""
    if not ids:
        return
    async with engine.begin() as conn:
        await conn.execute(
            update(T)
            .where(T.c.id.in_(list(ids)), T.c.claimed_by == sender, T.c.status == "pending")
            .values(claimed_by=None, claimed_at=None)
        )


async def recover(
    engine: AsyncEngine,
    campaign_id: int,
    run: int,
    *,
    me: str,
    lease: timedelta,
    all_others_dead: bool = False,
) -> tuple[int, int]:
    """Resolve rows left by dead senders: returns (released, interrupted).

    A claimed-but-pending row was never posted: it is released and sent later. A ``sending``
    row's API call may or may not have reached Telegram before its sender died; it cannot be
    known, and re-sending risks a duplicate, so it is failed with reason ``interrupted``
    (at-most-once). A sender is dead when its claim is older than ``lease`` (claims are
    refreshed before each post), or at once when the caller holds the run's lock.
    """
    cutoff = utcnow() - lease
    others = T.c.claimed_by != me
    stale = others if all_others_dead else and_(others, T.c.claimed_at < cutoff)
    base = and_(T.c.campaign_id == campaign_id, T.c.run == run, T.c.claimed_by.is_not(None))
    async with engine.begin() as conn:
        released = await conn.execute(
            update(T)
            .where(base, stale, T.c.status == "pending")
            .values(claimed_by=None, claimed_at=None)
        )
        interrupted = await conn.execute(
            update(T)
            .where(base, stale, T.c.status == "sending")
            .values(status="failed", error=INTERRUPTED, claimed_by=None)
        )
    return int(released.rowcount or 0), int(interrupted.rowcount or 0)
