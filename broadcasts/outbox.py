"""Building and settling a run's outbox; the queries are in ``storage.outbox``."""

from __future__ import annotations

from broadcasts.audience import audience_select
from storage.database import Database

BATCH = 5000


async def is_materialised(db: Database, campaign_id: int, run: int) -> bool:
    """True once every recipient of ``run`` has its row."""
    async with db.uow() as uow:
        return await uow.outbox.is_materialised(campaign_id, run)


async def materialise(db: Database, campaign_id: int, run: int, *, batch: int = BATCH) -> int:
    """Insert the run's rows from the campaign's audience, ``batch`` ids per INSERT … SELECT.

    Idempotent: an interrupted materialisation is finished by calling it again (existing rows
    are left alone). Nothing is loaded into memory but one boundary id. Returns the number of
    rows the run has.
    """
    async with db.uow() as uow:
        campaign = await uow.campaigns.get(campaign_id)
        assert campaign is not None, f"campaign {campaign_id} has a run"
        audience_filter = campaign.audience_filter
    after: int | None = 0
    while audience_filter and after is not None:
        async with db.uow() as uow:
            audience = audience_select(audience_filter)
            after = await uow.outbox.insert_batch(campaign_id, run, audience, after, batch)
            await uow.commit()
    async with db.uow() as uow:
        await uow.outbox.analyze()
        await uow.commit()
    async with db.uow() as uow:
        total = await uow.outbox.mark_materialised(campaign_id, run)
        await uow.commit()
        return total


async def drop_withdrawn(db: Database, campaign_id: int, run: int) -> int:
    """Settle pending rows of people who left or blocked the bot since the outbox was built.

    Someone who sent /huydangky after the run started withdrew consent: their row fails with the
    reason ``unsubscribed`` instead of being sent; a blocked subscriber's row becomes blocked.
    """
    async with db.uow() as uow:
        settled = await uow.outbox.settle_leavers(campaign_id, run)
        await uow.commit()
        return settled
