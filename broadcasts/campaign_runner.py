"""The service's campaign runner: starts due campaigns and carries on ``sending`` ones.

Several workers agree through the run lock (PostgreSQL advisory lock, SQLite file lock): only the
holder sends a campaign; each run gets its own outbox (run 2, 3, … of a recurring campaign).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from broadcasts import runner
from broadcasts.scheduling import is_due
from broadcasts.sender import CampaignSender, SenderConfig
from domain.delivery import DeliveryPort
from storage.database import Database
from storage.models import utcnow

log = logging.getLogger(__name__)
POLL_SECONDS = 5
ACTOR = "scheduler"


class CampaignRunner:
    """Starts due campaigns and carries on ``sending`` ones nobody else is running."""

    def __init__(
        self, db: Database, delivery: DeliveryPort, config: SenderConfig | None = None
    ) -> None:
        self.db = db
        self.sender = CampaignSender(db, delivery, config)
        self._running: dict[int, asyncio.Task[Any]] = {}

    async def due(self) -> list[int]:
        """Ids of campaigns to run now: every ``sending`` one and the due ``scheduled`` ones."""
        now = utcnow()
        async with self.db.uow() as uow:
            campaigns = await uow.campaigns.in_statuses(("scheduled", "sending"))
            return [c.id for c in campaigns if c.status == "sending" or is_due(c, now)]

    async def tick(self) -> None:
        """One look for due work (the interval job)."""
        for campaign_id in await self.due():
            task = self._running.get(campaign_id)
            if task is None or task.done():
                self._running[campaign_id] = asyncio.create_task(self._run(campaign_id))

    async def _run(self, campaign_id: int) -> None:
        try:
            async with runner.run_lock(self.db, campaign_id) as mine:
                if not mine:
                    return  # another worker runs it
                await runner.begin(self.db, campaign_id, ACTOR)
                await runner.send_run(
                    self.db, self.sender, campaign_id, exclusive=True, actor=ACTOR
                )
        except Exception:
            log.exception("campaign %s run failed", campaign_id)

    async def close(self) -> None:
        """Stop the runs this runner started."""
        for task in self._running.values():
            task.cancel()
        await asyncio.gather(*self._running.values(), return_exceptions=True)
