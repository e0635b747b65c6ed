"""Read-only queries behind the staff report queue and report page (SQLite and PostgreSQL).

Search words and the queue's order: storage.queue_search.

Every query takes ``visible``: the ward codes a limited officer may see (None = everywhere), so a
restricted officer's lists, counts and look-ups never include another commune's reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    false,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from domain.statuses import ReportStatus
from storage.base import Repository
from storage.models import Attachment, Citizen, Report, ReportEvent
from storage.queue_search import (
    OPEN_STATUSES,
    TRIGRAM,
    URGENCY_RANK_SQL,
    QueueFilter,
    overdue_condition,
    queue_order,
    term_matches,
    words_match,
)

__all__ = [
    "OPEN_STATUSES",
    "URGENCY_RANK_SQL",
    "LinkedReport",
    "PhotoInfo",
    "QueueFilter",
    "QueuePage",
    "ReportQueries",
    "overdue_condition",
]

DUPLICATE_WINDOW = timedelta(days=30)
DUPLICATE_CAP = 200
MAX_SPOTS = 8  # street and landmark names looked up for duplicate candidates
SCAN_BELOW = 500  # matches under which a SQLite search scans the table instead
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue."""

    reports: Sequence[Report]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))


def _conditions(
    flt: QueueFilter, now: datetime, *, with_status: bool, scan: bool
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    places = flt.visible
    if flt.place_codes is not None:
        places = flt.place_codes if places is None else places & flt.place_codes
    if places is not None:
        conds.append(Report.place_code.in_(sorted(places)) if places else false())
    if with_status and flt.statuses is not None:
        status = literal_column("+reports.status") if scan else Report.status
        conds.append(status.in_(sorted(flt.statuses)) if flt.statuses else false())
    if flt.category:
        conds.append(Report.category == flt.category)
    if flt.urgency:
        conds.append(Report.urgency == flt.urgency)
    if flt.channel:
        conds.append(Report.channel == flt.channel)
    if flt.assignee_id is not None:
        conds.append(Report.assigned_staff_id == flt.assignee_id)
    if flt.created_from is not None:
        conds.append(Report.created_at >= flt.created_from)
    if flt.created_before is not None:
        conds.append(Report.created_at < flt.created_before)
    if flt.overdue:
        conds.append(overdue_condition(now))
    search: list[ColumnElement[bool]] = []
    if flt.terms:
        search.append(words_match(flt.terms))
    if flt.code:
        search.append(Report.code == flt.code)
    if search:
        conds.append(or_(*search))
    return conds


def _filtered(
    stmt: SelectT, flt: QueueFilter, now: datetime, *, with_status: bool = True, scan: bool = False
) -> SelectT:
    conds = _conditions(flt, now, with_status=with_status, scan=scan)
    return stmt.where(*conds) if conds else stmt


def _scans(session: AsyncSession, flt: QueueFilter) -> bool:
    """Whether to read the whole table instead of walking an index (SQLite text search).

    SQLite cannot estimate how many rows a ``LIKE '%…%'`` keeps, so it walks an index and looks
    up each row, several times slower than one sequential scan when few rows match. A unary
    plus on the column keeps SQLite from using an index for it.
    """
    bind = session.bind
    return bool(flt.terms) and bind is not None and bind.dialect.name == "sqlite"


@dataclass(frozen=True)
class PhotoInfo:
    """A photo's metadata, without its bytes."""

    id: int
    mime_type: str
    size: int


@dataclass(frozen=True)
class LinkedReport:
    """A related report: code, status, and whether the actor may open it."""

    code: str
    status: str
    visible: bool


class ReportQueries(Repository):
    """``uow.report_queries``: read-only queries behind the queue and the report page."""

    async def status_counts(self, flt: QueueFilter, now: datetime) -> dict[str, int]:
        """Number of reports per status for the filter, whatever status it asks for."""
        status = literal_column("+reports.status") if _scans(self.session, flt) else Report.status
        stmt = _filtered(select(status, func.count(Report.id)), flt, now, with_status=False)
        counts = {known.value: 0 for known in ReportStatus}
        for code, count in (await self.session.execute(stmt.group_by(status))).all():
            counts[str(code)] = int(count)
        return counts

    async def queue_page(
        self,
        flt: QueueFilter,
        now: datetime,
        *,
        page: int = 1,
        per_page: int = 50,
        counts: dict[str, int] | None = None,
    ) -> QueuePage:
        """Reports matching the filter in ``queue_order``.

        ``counts`` (from ``status_counts`` for the same filter) saves counting again.
        """
        if counts is None:
            counts = await self.status_counts(flt, now)
        total = sum(
            n for status, n in counts.items() if flt.statuses is None or status in flt.statuses
        )
        page = max(1, min(page, max(1, -(-total // per_page))))
        if total == 0:
            return QueuePage(reports=[], total=0, page=1, per_page=per_page)
        # Many matches: walking the queue-order index stops early. Few: scan once, sort the few.
        scan = _scans(self.session, flt) and total <= SCAN_BELOW
        stmt = _filtered(select(Report), flt, now, scan=scan).order_by(
            *queue_order(flt, now, scan=scan)
        )
        rows = (
            await self.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
        ).scalars()
        return QueuePage(reports=list(rows), total=total, page=page, per_page=per_page)

    async def visible_report(self, code: str, visible: frozenset[str] | None) -> Report | None:
        """The report with this code, unless the actor may not see it."""
        report = (
            await self.session.execute(select(Report).where(Report.code == code))
        ).scalar_one_or_none()
        if report is None:
            return None
        if visible is not None and report.place_code not in visible:
            return None
        return report

    async def photos_of(self, report_id: int) -> list[PhotoInfo]:
        """The report's photos, in the order they were sent."""
        stmt = (
            select(Attachment.id, Attachment.mime_type, Attachment.size)
            .where(Attachment.report_id == report_id)
            .order_by(Attachment.id)
        )
        return [
            PhotoInfo(int(i), str(m), int(s))
            for i, m, s in (await self.session.execute(stmt)).all()
        ]

    async def photo_content(self, report_id: int, photo_id: int) -> tuple[str, bytes] | None:
        """(content type, bytes) of one of the report's photos."""
        stmt = select(Attachment.mime_type, Attachment.content).where(
            Attachment.id == photo_id, Attachment.report_id == report_id
        )
        row = (await self.session.execute(stmt)).first()
        return (str(row[0]), bytes(row[1])) if row is not None else None

    async def merged_into(
        self, report_id: int, visible: frozenset[str] | None
    ) -> list[LinkedReport]:
        """Reports merged into this one (their citizens follow it)."""
        stmt = (
            select(Report.code, Report.status, Report.place_code)
            .where(Report.merged_into_id == report_id)
            .order_by(Report.created_at, Report.id)
        )
        return [
            LinkedReport(code, status, visible is None or place in visible)
            for code, status, place in (await self.session.execute(stmt)).all()
        ]

    async def report_code(self, report_id: int) -> str | None:
        """The tracking code of a report id."""
        stmt = select(Report.code).where(Report.id == report_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def citizen_name(self, citizen_id: int) -> str | None:
        """The display name the citizen gave (None after erasure)."""
        stmt = select(Citizen.display_name).where(Citizen.id == citizen_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def duplicate_candidates(
        self,
        report: Report,
        visible: frozenset[str] | None,
        now: datetime,
        spots: Sequence[str] = (),
    ) -> Sequence[Report]:
        """Open reports of the same category or place from the last 30 days: those of the same
        ward first, then newest first; with ``spots`` (folded street or landmark names), the
        ward's reports naming one of them are always in, whatever the cap leaves out."""
        same = [Report.category == report.category]
        if report.place_code:
            same.append(Report.place_code == report.place_code)
        stmt = self._open_recent(report, visible, now).where(or_(*same))
        order: list[Any] = [Report.created_at.desc(), Report.id.desc()]
        if report.place_code:
            order.insert(0, case((Report.place_code == report.place_code, 0), else_=1))
        found = list(
            (await self.session.execute(stmt.order_by(*order).limit(DUPLICATE_CAP))).scalars()
        )
        names = [s for s in dict.fromkeys(spots) if len(s) >= TRIGRAM][:MAX_SPOTS]
        if report.place_code and names:
            on_spot = (
                self._open_recent(report, visible, now)
                .where(Report.place_code == report.place_code, or_(*map(term_matches, names)))
                .order_by(Report.created_at.desc(), Report.id.desc())
                .limit(DUPLICATE_CAP)
            )
            seen = {r.id for r in found}
            found += [
                r for r in (await self.session.execute(on_spot)).scalars() if r.id not in seen
            ]
        return found

    def _open_recent(
        self, report: Report, visible: frozenset[str] | None, now: datetime
    ) -> Select[Report]:
        stmt = select(Report).where(
            Report.id != report.id,
            Report.status.in_(sorted(OPEN_STATUSES)),
            Report.merged_into_id.is_(None),
            Report.created_at >= now - DUPLICATE_WINDOW,
        )
        if visible is not None:
            stmt = stmt.where(Report.place_code.in_(sorted(visible)) if visible else false())
        return stmt

    async def correction_events(self) -> Sequence[ReportEvent]:
        """Every correction staff made, oldest first (training feedback for the NLP)."""
        stmt = select(ReportEvent).where(ReportEvent.kind == "correction").order_by(ReportEvent.id)
        return (await self.session.execute(stmt)).scalars().all()
