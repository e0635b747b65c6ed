"""Stored periodic reports (one per kind and period), reached as ``uow.generated_reports``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.base import Repository
from storage.models import GeneratedReport


@dataclass(frozen=True)
class StoredReportInfo:
    """A stored report without its file bodies (for listings)."""

    id: int
    kind: str
    period_start: datetime
    period_end: datetime
    created_at: datetime


@dataclass(frozen=True)
class StoredReport(StoredReportInfo):
    """A stored report with its files."""

    xlsx: bytes
    html: str


class GeneratedReportRepository(Repository):
    """Periodic reports kept for download; the unique key on kind and period keeps one copy."""

    async def find(self, kind: str, period_start: datetime) -> GeneratedReport | None:
        """The report of this kind and period, if generated."""
        stmt = select(GeneratedReport).where(
            GeneratedReport.kind == kind, GeneratedReport.period_start == period_start
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def get(self, report_id: int) -> StoredReport | None:
        """The report with this id, as a plain object (readable after the unit of work)."""
        row = await self.session.get(GeneratedReport, report_id)
        if row is None:
            return None
        return StoredReport(
            row.id, row.kind, row.period_start, row.period_end, row.created_at, row.xlsx, row.html
        )

    async def add(
        self,
        kind: str,
        period_start: datetime,
        period_end: datetime,
        created_at: datetime,
        xlsx: bytes,
        html: str,
    ) -> GeneratedReport:
        """Insert; raises ``storage.errors.IntegrityError`` when the period is already stored."""
        report = GeneratedReport(
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            created_at=created_at,
            xlsx=xlsx,
            html=html,
        )
        self.session.add(report)
        await self.session.flush()
        return report

    async def listing(self, limit: int = 200) -> list[StoredReportInfo]:
        """Newest period first, then by kind."""
        stmt = (
            select(
                GeneratedReport.id,
                GeneratedReport.kind,
                GeneratedReport.period_start,
                GeneratedReport.period_end,
                GeneratedReport.created_at,
            )
            .order_by(GeneratedReport.period_start.desc(), GeneratedReport.kind)
            .limit(limit)
        )
        return [StoredReportInfo(*row) for row in (await self.session.execute(stmt)).all()]
