"""Queries behind the staff group: alert claims, overdue reports, queue counts, once-a-day runs.

Nothing here commits; the unit of work does. Claims are single conditional UPDATEs (or a unique
insert for daily runs), so two workers racing for the same row cannot both win, on SQLite
(writes are serialised) or on PostgreSQL (the loser re-checks the condition after the winner's
commit and matches nothing).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update

from domain.statuses import CLOSED_STATUSES, ReportStatus
from domain.taxonomy import Urgency
from storage.base import Repository
from storage.models import ProcessedUpdate, Report, ReportEvent, StaffUser

OPEN_STATUSES: tuple[str, ...] = tuple(s.value for s in ReportStatus if s not in CLOSED_STATUSES)
# Once-a-day runs are recorded in processed_updates under this pseudo-channel: its unique
# (channel, update_key) key is exactly the "done once" guarantee a daily job needs.
JOB_CHANNEL = "job"


def _open() -> list[ColumnElement[bool]]:
    return [Report.status.in_(OPEN_STATUSES), Report.merged_into_id.is_(None)]


class StaffGroupQueries(Repository):
    """``uow.staff_group``: what the staff group is told and asked about."""

    async def pending_alerts(self, *, urgent: bool, limit: int) -> list[Report]:
        """Open reports the staff group has not been told about yet, oldest first."""
        urgency = Report.urgency == Urgency.CAO.value
        stmt = (
            select(Report)
            .where(Report.staff_alerted_at.is_(None), *_open(), urgency if urgent else ~urgency)
            .order_by(Report.created_at, Report.id)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def claim_alerts(self, report_ids: Collection[int], now: datetime) -> list[int]:
        """Mark each report as announced unless someone else did; the ids this call won."""
        won: list[int] = []
        for report_id in sorted(report_ids):  # one lock order for every worker: no deadlocks
            result = await self.session.execute(
                update(Report)
                .where(Report.id == report_id, Report.staff_alerted_at.is_(None))
                .values(staff_alerted_at=now, updated_at=Report.updated_at)
            )
            if getattr(result, "rowcount", 0) == 1:
                won.append(report_id)
        return won

    async def release_alerts(self, report_ids: Collection[int], claimed_at: datetime) -> None:
        """Undo this call's claims after a failed send, so the next run retries them."""
        await self.session.execute(
            update(Report)
            .where(Report.id.in_(sorted(report_ids)), Report.staff_alerted_at == claimed_at)
            .values(staff_alerted_at=None, updated_at=Report.updated_at)
        )

    async def reopened_ids(self, report_ids: Collection[int]) -> set[int]:
        """Which of these reports a citizen reopened (said "not fixed")."""
        if not report_ids:
            return set()
        stmt = (
            select(ReportEvent.report_id)
            .where(ReportEvent.report_id.in_(sorted(report_ids)), ReportEvent.kind == "reopen")
            .distinct()
        )
        return set((await self.session.execute(stmt)).scalars())

    async def overdue_reports(self, now: datetime) -> list[Report]:
        """Open reports past a deadline (the rule itself is ``domain.deadlines.overdue_kind``)."""
        late = or_(
            and_(Report.status == ReportStatus.MOI.value, Report.accept_due_at < now),
            Report.resolve_due_at < now,
        )
        stmt = select(Report).where(*_open(), late).order_by(Report.created_at, Report.id)
        return list((await self.session.execute(stmt)).scalars())

    async def open_status_counts(self) -> dict[str, int]:
        """Number of open reports per status."""
        stmt = select(Report.status, func.count(Report.id)).where(*_open()).group_by(Report.status)
        return {status: int(count) for status, count in (await self.session.execute(stmt)).all()}

    async def urgent_new_count(self) -> int:
        """Urgent reports nobody has accepted yet."""
        stmt = select(func.count(Report.id)).where(
            Report.status == ReportStatus.MOI.value,
            Report.urgency == Urgency.CAO.value,
            Report.merged_into_id.is_(None),
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def staff_by_telegram(self, telegram_user_id: str) -> StaffUser | None:
        """The active staff account linked to this Telegram user."""
        stmt = select(StaffUser).where(
            StaffUser.telegram_user_id == telegram_user_id, StaffUser.active.is_(True)
        )
        return (await self.session.execute(stmt.limit(1))).scalar_one_or_none()


class JobRuns(Repository):
    """``uow.job_runs``: once-a-day runs (e.g. digest / 2026-11-24), done at most once."""

    async def recorded(self, job: str, key: str) -> bool:
        """True when the run ``job``/``key`` already happened."""
        stmt = select(ProcessedUpdate.id).where(
            ProcessedUpdate.channel == JOB_CHANNEL, ProcessedUpdate.update_key == _key(job, key)
        )
        return (await self.session.execute(stmt)).first() is not None

    def record(self, job: str, key: str) -> None:
        """Record the run; a concurrent twin makes the commit raise IntegrityError."""
        self.session.add(ProcessedUpdate(channel=JOB_CHANNEL, update_key=_key(job, key)))

    async def release(self, job: str, key: str) -> None:
        """Forget a run that failed, so a later attempt may do it."""
        await self.session.execute(
            delete(ProcessedUpdate).where(
                ProcessedUpdate.channel == JOB_CHANNEL,
                ProcessedUpdate.update_key == _key(job, key),
            )
        )


def _key(job: str, key: str) -> str:
    return f"{job}:{key}"[:64]
