"""One campaign run from start to finish: status, run number, outbox, sending, lock."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from broadcasts import outbox, workflow
from broadcasts.sender import CampaignSender
from broadcasts.workflow import CampaignError, CampaignStatus
from storage.broadcast_models import CampaignEvent
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def _lock_key(campaign_id: int) -> int:
    digest = hashlib.sha256(f"broadcast-campaign-{campaign_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.asynccontextmanager
async def run_lock(engine: AsyncEngine, campaign_id: int) -> AsyncIterator[bool]:
    """Try to become the one runner of a campaign: yields True when this process is.

    PostgreSQL: a session advisory lock held on a dedicated connection. SQLite: an exclusive
    ``flock`` on a file beside the database. Both vanish when the process dies, even by kill -9.
    """
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            key = _lock_key(campaign_id)
            got = bool(
                (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key})).scalar()
            )
            await conn.commit()
            try:
                yield got
            finally:
                if got:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    await conn.commit()
        return
    database = make_url(str(engine.url)).database or ""
    if not database or database == ":memory:":
        yield True
        return
    path = Path(f"{database}.campaign-{campaign_id}.lock")
    handle: IO[str] = path.open("a")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            got = True
        except OSError:
            got = False
        yield got
    finally:
        handle.close()


async def active_run(sessions: async_sessionmaker[AsyncSession], campaign_id: int) -> int:
    """The run number of the newest ``start`` event (0 when the campaign never started)."""
    async with UnitOfWork(sessions) as uow:
        stmt = (
            select(CampaignEvent.note)
            .where(CampaignEvent.campaign_id == campaign_id, CampaignEvent.action == "start")
            .order_by(CampaignEvent.id.desc())
            .limit(1)
        )
        note = (await uow.session.execute(stmt)).scalar_one_or_none() or ""
    number = note.removeprefix("run ").strip()
    return int(number) if number.isdigit() else 0


async def begin(sessions: async_sessionmaker[AsyncSession], campaign_id: int, actor: str) -> int:
    """Move the campaign to ``sending`` (from approved or scheduled) and return its run number;
    a campaign already ``sending`` carries on with its current run."""
    async with UnitOfWork(sessions) as uow:
        campaign = await workflow.get_campaign(uow, campaign_id, lock=True)
        status = CampaignStatus(campaign.status)
        if status == CampaignStatus.SENDING:
            return await active_run(sessions, campaign_id)
        if status not in (CampaignStatus.APPROVED, CampaignStatus.SCHEDULED):
            raise CampaignError("bc_err_not_sendable")
        run = await active_run(sessions, campaign_id) + 1
        if status == CampaignStatus.APPROVED:
            await workflow.schedule(uow, campaign_id, actor, kind="now")
        await workflow.start_sending(uow, campaign_id, actor, run)
        await uow.commit()
        return run


async def send_run(
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    sender: CampaignSender,
    campaign_id: int,
    *,
    exclusive: bool,
    actor: str = "sender",
) -> bool:
    """Send the current run of a ``sending`` campaign; True when it finished (and is marked so)."""
    run = await active_run(sessions, campaign_id)
    if not await outbox.is_materialised(engine, campaign_id, run):
        total = await outbox.materialise(engine, campaign_id, run)
        log.info("campaign %s run %s: %s recipients", campaign_id, run, total)
    finished = await sender.run(campaign_id, run, exclusive=exclusive)
    if not finished:
        return False
    async with UnitOfWork(sessions) as uow:
        campaign = await workflow.get_campaign(uow, campaign_id, lock=True)
        if campaign.status == CampaignStatus.SENDING:
            await workflow.finish_run(uow, campaign_id, actor, run)
            await uow.commit()
    return True


def process_tag() -> str:
    """For log lines."""
    return f"pid {os.getpid()}"
