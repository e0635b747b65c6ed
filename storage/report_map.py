"""The reports of a queue filter placed on a map: code, labels' codes and where they are.

Same filter, same scope as the queue (``storage.report_queries``), so the map never shows a
report the queue would not; only the few columns a marker needs are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.base import Repository
from storage.models import Report
from storage.report_queries import QueueFilter
from storage.report_queries import _filtered as filtered  # the queue's own conditions


@dataclass(frozen=True)
class MapReport:
    """What one marker needs (no text, no personal data)."""

    code: str
    category: str
    status: str
    urgency: str
    latitude: float | None
    longitude: float | None
    place_code: str | None
    place_name: str | None


class ReportMap(Repository):
    """``uow.report_map``: the filtered reports with their pin or ward, newest first."""

    async def reports(self, flt: QueueFilter, now: datetime, limit: int) -> list[MapReport]:
        """Up to ``limit`` reports matching the filter (the caller tells pins from wards)."""
        stmt = select(
            Report.code,
            Report.category,
            Report.status,
            Report.urgency,
            Report.latitude,
            Report.longitude,
            Report.place_code,
            Report.place_name,
        )
        stmt = filtered(stmt, flt, now).order_by(Report.created_at.desc(), Report.id.desc())
        rows = (await self.session.execute(stmt.limit(limit))).all()
        return [MapReport(*row) for row in rows]
