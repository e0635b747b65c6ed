"""Stored periodic reports (one per kind, period and scope), reached as ``uow.generated_reports``.

A report's ``scope`` is the sorted, comma-separated ward codes it covers ("" for the whole
province); links carry its random ``public_id``, never the sequential row id.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.base import Repository
from storage.models import GeneratedReport

WHOLE_PROVINCE = ""


def scope_key(place_codes: Iterable[str] | None) -> str:
    """The stored scope of a set of ward codes (None or empty: the whole province)."""
    return ",".join(sorted(set(place_codes or ())))


def scope_codes(scope: str) -> frozenset[str] | None:
    """The ward codes of a stored scope (None: the whole province)."""
    codes = frozenset(code for code in scope.split(",") if code)
    return codes or None


def new_public_id() -> str:
    """A random, unguessable id for download links."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class StoredReportInfo:
    """A stored report without its file bodies (for listings)."""

    id: int
    public_id: str
    scope: str
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
    """Periodic reports kept for download; the unique key on kind, period and scope keeps one."""

    async def find(
        self, kind: str, period_start: datetime, scope: str = WHOLE_PROVINCE
    ) -> GeneratedReport | None:
        """The report of this kind, period and scope, if generated."""
        stmt = select(GeneratedReport).where(
            GeneratedReport.kind == kind,
            GeneratedReport.period_start == period_start,
            GeneratedReport.scope == scope,
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def by_public_id(self, public_id: str) -> StoredReport | None:
        """The report with this public id, as a plain object (readable after the unit of work)."""
        stmt = select(GeneratedReport).where(GeneratedReport.public_id == public_id)
        row = (await self.session.execute(stmt)).scalar_one_or_none()
        if row is None:
            return None
        return StoredReport(
            row.id,
            row.public_id,
            row.scope,
            row.kind,
            row.period_start,
            row.period_end,
            row.created_at,
            row.xlsx,
            row.html,
        )

    async def add(
        self,
        kind: str,
        period_start: datetime,
        period_end: datetime,
        created_at: datetime,
        xlsx: bytes,
        html: str,
        scope: str = WHOLE_PROVINCE,
    ) -> GeneratedReport:
        """Insert; raises ``storage.errors.IntegrityError`` when the period is already stored."""
        report = GeneratedReport(
            public_id=new_public_id(),
            scope=scope,
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
                GeneratedReport.public_id,
                GeneratedReport.scope,
                GeneratedReport.kind,
                GeneratedReport.period_start,
                GeneratedReport.period_end,
                GeneratedReport.created_at,
            )
            .order_by(GeneratedReport.period_start.desc(), GeneratedReport.kind)
            .limit(limit)
        )
        return [StoredReportInfo(*row) for row in (await self.session.execute(stmt)).all()]
