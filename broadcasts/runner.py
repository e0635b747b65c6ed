"""One campaign run from start to finish: status, run number, outbox, sending, lock."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from broadcasts import outbox, workflow
from broadcasts.sender import CampaignSender
from broadcasts.workflow import CampaignError, CampaignStatus
from storage.database import Database
from storage.run_lock import campaign_run_lock

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def run_lock(db: Database, campaign_id: int) -> AsyncIterator[bool]:
    """Try to become the one runner of a campaign: yields True when this process is (the lock
    vanishes when the process dies, even by kill -9)."""
    async with campaign_run_lock(db, campaign_id) as got:
        yield got


async def active_run(db: Database, campaign_id: int) -> int:
    """The run number of the newest ``start`` event (0 when the campaign never started)."""
    async with db.uow() as uow:
        return await uow.outbox.active_run(campaign_id)


async def begin(db: Database, campaign_id: int, actor: str) -> int:
    """Move the campaign to ``sending`` (from approved or scheduled) and return its run number;
    a campaign already ``sending`` carries on with its current run."""
    async with db.uow() as uow:
        campaign = await workflow.get_campaign(uow, campaign_id, lock=True)
        status = CampaignStatus(campaign.status)
        if status == CampaignStatus.SENDING:
            return await uow.outbox.active_run(campaign_id)
        if status not in (CampaignStatus.APPROVED, CampaignStatus.SCHEDULED):
            raise CampaignError("bc_err_not_sendable")
        run = await uow.outbox.active_run(campaign_id) + 1
        if status == CampaignStatus.APPROVED:
            await workflow.schedule(uow, campaign_id, actor, kind="now")
        await workflow.start_sending(uow, campaign_id, actor, run)
        await uow.commit()
        return run


async def send_run(
    db: Database,
    sender: CampaignSender,
    campaign_id: int,
    *,
    exclusive: bool,
    actor: str = "sender",
) -> bool:
    """Send the current run of a ``sending`` campaign; True when it finished (and is marked so)."""
    run = await active_run(db, campaign_id)
    if not await outbox.is_materialised(db, campaign_id, run):
        total = await outbox.materialise(db, campaign_id, run)
        log.info("campaign %s run %s: %s recipients", campaign_id, run, total)
    finished = await sender.run(campaign_id, run, exclusive=exclusive)
    if not finished:
        return False
    async with db.uow() as uow:
        campaign = await workflow.get_campaign(uow, campaign_id, lock=True)
        if campaign.status == CampaignStatus.SENDING:
            await workflow.finish_run(uow, campaign_id, actor, run)
            await uow.commit()
    return True


async def resend_unknown(
    db: Database,
    sender: CampaignSender,
    campaign_id: int,
    *,
    exclusive: bool,
    actor: str,
) -> int:
    """An operator's resend of the current run's ``unknown`` rows (each may have arrived: the
    operator accepts a duplicate over a message missing); the number of rows sent again.

    The campaign must be ``sending`` (its run carries on) or ``done`` (those rows alone are
    sent; the campaign stays done).
    """
    run = await active_run(db, campaign_id)
    async with db.uow() as uow:
        campaign = await workflow.get_campaign(uow, campaign_id, lock=True)
        status = campaign.status
        if status not in (CampaignStatus.SENDING, CampaignStatus.DONE):
            raise CampaignError("bc_err_resend_status", status=workflow.status_label(status))
        rows = await uow.outbox.requeue_unknown(campaign_id, run)
        if rows:
            await uow.campaigns.record_event(
                campaign_id, actor, "resend_unknown", status, status, f"run {run}: {len(rows)}"
            )
        await uow.commit()
    if not rows:
        return 0
    log.info("campaign %s run %s: resending %s unknown", campaign_id, run, len(rows))
    if status == CampaignStatus.SENDING:
        await send_run(db, sender, campaign_id, exclusive=exclusive, actor=actor)
    else:
        await sender.run(campaign_id, run, exclusive=exclusive, while_status=(status,))
    return len(rows)
