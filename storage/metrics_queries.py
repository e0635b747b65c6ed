"""Figures the service exports as metrics: inbox depth, reports by status, outbox by status."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from storage.broadcast_models import OutboxMessage
from storage.database import Database
from storage.inbox import InboxDepth
from storage.models import Report


@dataclass
class ServiceGauges:
    """What is waiting and what exists, read in one unit of work."""

    inbox: InboxDepth
    reports_by_status: dict[str, int] = field(default_factory=dict)
    outbox_by_status: dict[str, int] = field(default_factory=dict)


async def service_gauges(db: Database) -> ServiceGauges:
    """Read the gauges (a few aggregate queries)."""
    async with db.uow() as uow:
        depth = await uow.inbox.depth()
        reports = await uow.session.execute(
            select(Report.status, func.count()).group_by(Report.status)
        )
        outbox = await uow.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return ServiceGauges(
            inbox=depth,
            reports_by_status={str(s): int(n) for s, n in reports.all()},
            outbox_by_status={str(s): int(n) for s, n in outbox.all()},
        )
