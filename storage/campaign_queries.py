"""Read queries of the campaign pages: lists, counts, choices and per-recipient results."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from storage.broadcast_models import (
    Audience,
    Campaign,
    GroupMember,
    OutboxMessage,
    Quiz,
    Subscriber,
    SubscriberGroup,
)
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class CampaignRow:
    """A campaign in the list, with how far its sending got."""

    campaign: Campaign
    total: int
    finished: int


async def list_campaigns(
    uow: UnitOfWork, status: str | None, limit: int = 200
) -> list[CampaignRow]:
    """Newest first (photos not loaded), optionally of one status."""
    stmt = select(Campaign).options(defer(Campaign.photo)).order_by(Campaign.id.desc())
    if status:
        stmt = stmt.where(Campaign.status == status)
    campaigns = list((await uow.session.execute(stmt.limit(limit))).scalars())
    ids = [c.id for c in campaigns]
    totals: dict[int, int] = {}
    finished: dict[int, int] = {}
    if ids:
        counts = (
            select(OutboxMessage.campaign_id, OutboxMessage.status, func.count())
            .where(OutboxMessage.campaign_id.in_(ids))
            .group_by(OutboxMessage.campaign_id, OutboxMessage.status)
        )
        for campaign_id, row_status, count in (await uow.session.execute(counts)).all():
            totals[campaign_id] = totals.get(campaign_id, 0) + int(count)
            if row_status in ("sent", "blocked", "failed"):
                finished[campaign_id] = finished.get(campaign_id, 0) + int(count)
    return [CampaignRow(c, totals.get(c.id, 0), finished.get(c.id, 0)) for c in campaigns]


async def campaign_status_counts(uow: UnitOfWork) -> dict[str, int]:
    """How many campaigns are in each status."""
    stmt = select(Campaign.status, func.count()).group_by(Campaign.status)
    return {status: int(count) for status, count in (await uow.session.execute(stmt)).all()}


async def audiences(uow: UnitOfWork) -> Sequence[Audience]:
    """Saved audiences by name."""
    return await uow.audiences.all()


async def quizzes(uow: UnitOfWork) -> Sequence[Quiz]:
    """Quizzes, newest first."""
    return await uow.quizzes.all()


async def groups_with_counts(uow: UnitOfWork) -> list[tuple[SubscriberGroup, int]]:
    """Every group with its number of active members."""
    active = (
        select(GroupMember.group_id, func.count().label("n"))
        .join(Subscriber, Subscriber.id == GroupMember.subscriber_id)
        .where(Subscriber.status == "active")
        .group_by(GroupMember.group_id)
        .subquery()
    )
    stmt = (
        select(SubscriberGroup, func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.group_id == SubscriberGroup.id)
        .order_by(SubscriberGroup.code)
    )
    return [(group, int(n)) for group, n in (await uow.session.execute(stmt)).all()]


async def subscriber_counts_by_status(uow: UnitOfWork) -> dict[str, int]:
    """Subscribers per status (active, unsubscribed, blocked)."""
    stmt = select(Subscriber.status, func.count()).group_by(Subscriber.status)
    return {status: int(n) for status, n in (await uow.session.execute(stmt)).all()}


async def active_by_commune(uow: UnitOfWork) -> list[tuple[str | None, int]]:
    """Active subscribers per current ward code (None: unknown), largest first."""
    stmt = (
        select(Subscriber.commune_code, func.count().label("n"))
        .where(Subscriber.status == "active")
        .group_by(Subscriber.commune_code)
        .order_by(func.count().desc(), Subscriber.commune_code)
    )
    return [(code, int(n)) for code, n in (await uow.session.execute(stmt)).all()]


async def recipient_results(
    uow: UnitOfWork, campaign_id: int, batch: int = 5000
) -> AsyncIterator[tuple[int, str, str, str | None]]:
    """``(run, chat_id, status, error)`` of every outbox row, by id, in keyset batches."""
    last = 0
    while True:
        stmt = (
            select(
                OutboxMessage.id,
                OutboxMessage.run,
                OutboxMessage.chat_id,
                OutboxMessage.status,
                OutboxMessage.error,
            )
            .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.id > last)
            .order_by(OutboxMessage.id)
            .limit(batch)
        )
        rows = (await uow.session.execute(stmt)).all()
        if not rows:
            return
        for row_id, run, chat_id, status, error in rows:
            last = row_id
            yield int(run), chat_id, status, error
