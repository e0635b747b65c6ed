"""Aggregations for the leadership figures; portable SQL (SQLite and PostgreSQL).

Grouping and counting happen in the database; medians (not portable in SQL) are computed by
the caller from the streamed timing rows. Reached as ``uow.stats``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, false, func, select

from domain.statuses import ReportStatus
from storage.base import Repository
from storage.models import Report, ReportEvent

# Leaving "moi" for any status means staff took the report in hand (accepted, or turned down);
# a merge into another report («Trùng lặp») does not: merged duplicates are counted apart.
ACCEPTED_STATUSES: tuple[str, ...] = tuple(
    s.value for s in ReportStatus if s not in (ReportStatus.MOI, ReportStatus.TRUNG_LAP)
)
RESOLVED_STATUS = ReportStatus.DA_GIAI_QUYET.value
DUPLICATE_STATUS = ReportStatus.TRUNG_LAP.value


@dataclass(frozen=True)
class StatsFilter:
    """Which reports count: created in [start, end), optionally one category and some places.

    ``place_codes`` None means everywhere (reports without a place included); an empty set
    means nothing (a limited staff member filtering outside their communes).
    """

    start: datetime
    end: datetime
    category: str | None = None
    place_codes: frozenset[str] | None = None


@dataclass(frozen=True)
class CountRow:
    """Number of reports of one category, place, status and channel."""

    category: str
    place_code: str | None
    status: str
    count: int
    channel: str = ""


@dataclass(frozen=True)
class TimingRow:
    """When one report was received, accepted and resolved, and its deadlines."""

    created_at: datetime
    status: str
    accepted_at: datetime | None
    accept_due_at: datetime
    resolved_at: datetime | None
    resolve_due_at: datetime


@dataclass(frozen=True)
class Satisfaction:
    """Citizens' ratings (1–5) and confirmations that the problem was fixed."""

    rating_mean: float | None
    rating_count: int
    fixed_yes: int
    fixed_answered: int


@dataclass(frozen=True)
class ExportRow:
    """One report as exported: no citizen identity, no phone number."""

    id: int
    code: str
    created_at: datetime
    category: str
    urgency: str
    status: str
    place_code: str | None
    place_name: str | None
    place_text: str | None
    text: str
    anonymous: bool
    accept_due_at: datetime
    resolve_due_at: datetime
    accepted_at: datetime | None
    resolved_at: datetime | None
    assigned_unit: str | None
    rating: int | None
    fixed_confirmed: bool | None


def _conditions(f: StatsFilter, *, with_dates: bool = True) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if with_dates:
        conds += [Report.created_at >= f.start, Report.created_at < f.end]
    if f.category:
        conds.append(Report.category == f.category)
    if f.place_codes is not None:
        conds.append(Report.place_code.in_(sorted(f.place_codes)) if f.place_codes else false())
    return conds


def _timing_select(f: StatsFilter) -> Select:
    ids = select(Report.id).where(*_conditions(f))
    accepted = (
        select(ReportEvent.report_id, func.min(ReportEvent.at).label("at"))
        .where(ReportEvent.to_status.in_(ACCEPTED_STATUSES), ReportEvent.report_id.in_(ids))
        .group_by(ReportEvent.report_id)
        .subquery()
    )
    resolved = (
        select(ReportEvent.report_id, func.max(ReportEvent.at).label("at"))
        .where(ReportEvent.to_status == RESOLVED_STATUS, ReportEvent.report_id.in_(ids))
        .group_by(ReportEvent.report_id)
        .subquery()
    )
    return (
        select(
            Report.created_at,
            Report.status,
            func.coalesce(Report.accepted_at, accepted.c.at),
            Report.accept_due_at,
            func.coalesce(Report.resolved_at, resolved.c.at),
            Report.resolve_due_at,
        )
        .outerjoin(accepted, accepted.c.report_id == Report.id)
        .outerjoin(resolved, resolved.c.report_id == Report.id)
        .where(*_conditions(f))
    )


class StatsQueries(Repository):
    """Read-only aggregations over the reports matching a ``StatsFilter``."""

    async def count_rows(self, f: StatsFilter) -> list[CountRow]:
        """Counts grouped by category, place, status and channel."""
        stmt = (
            select(Report.category, Report.place_code, Report.status, func.count(), Report.channel)
            .where(*_conditions(f))
            .group_by(Report.category, Report.place_code, Report.status, Report.channel)
        )
        rows = (await self.session.execute(stmt)).all()
        return [CountRow(r[0], r[1], r[2], int(r[3]), r[4]) for r in rows]

    async def bucket_counts(self, f: StatsFilter, edges: Sequence[datetime]) -> list[int]:
        """Reports per interval [edges[i], edges[i+1]) with the filter's category and places.

        The filter's own dates are ignored: the edges say which time span counts.
        """
        if len(edges) < 2:
            return []
        whens = [(Report.created_at >= edges[i], i) for i in range(len(edges) - 2, -1, -1)]
        bucket = case(*whens, else_=-1).label("bucket")
        inner = (
            select(bucket)
            .where(
                Report.created_at >= edges[0],
                Report.created_at < edges[-1],
                *_conditions(f, with_dates=False),
            )
            .subquery()
        )
        stmt = select(inner.c.bucket, func.count()).group_by(inner.c.bucket)
        counts = [0] * (len(edges) - 1)
        for index, count in (await self.session.execute(stmt)).all():
            if 0 <= index < len(counts):
                counts[index] = int(count)
        return counts

    async def timing_rows(self, f: StatsFilter) -> AsyncIterator[TimingRow]:
        """Acceptance and resolution moments; events fill in where the columns are empty."""
        result = await self.session.stream(_timing_select(f).execution_options(yield_per=2000))
        async for row in result:
            yield TimingRow(*tuple(row))

    async def satisfaction(self, f: StatsFilter) -> Satisfaction:
        """Mean rating of valid ratings and the share of reports confirmed fixed."""
        valid = Report.rating.between(1, 5)
        stmt = select(
            func.avg(case((valid, Report.rating))),
            func.count(case((valid, 1))),
            func.count(case((Report.fixed_confirmed.is_(True), 1))),
            func.count(Report.fixed_confirmed),
        ).where(*_conditions(f))
        mean, rated, fixed_yes, answered = (await self.session.execute(stmt)).one()
        return Satisfaction(
            None if mean is None else float(mean), int(rated), int(fixed_yes), int(answered)
        )

    async def export_batches(
        self, f: StatsFilter, *, batch: int = 1000, limit: int | None = None
    ) -> AsyncIterator[list[ExportRow]]:
        """The filtered reports in creation order, a batch at a time (keyset pagination)."""
        last_id = 0
        sent = 0
        while limit is None or sent < limit:
            size = batch if limit is None else min(batch, limit - sent)
            stmt = (
                select(
                    Report.id,
                    Report.code,
                    Report.created_at,
                    Report.category,
                    Report.urgency,
                    Report.status,
                    Report.place_code,
                    Report.place_name,
                    Report.place_text,
                    Report.text,
                    Report.anonymous,
                    Report.accept_due_at,
                    Report.resolve_due_at,
                    Report.accepted_at,
                    Report.resolved_at,
                    Report.assigned_unit,
                    Report.rating,
                    Report.fixed_confirmed,
                )
                .where(*_conditions(f), Report.id > last_id)
                .order_by(Report.id)
                .limit(size)
            )
            rows = [ExportRow(*tuple(r)) for r in (await self.session.execute(stmt)).all()]
            if not rows:
                return
            yield rows
            sent += len(rows)
            last_id = rows[-1].id
