"""The daily digest of overdue reports for the staff group: once per working day.

The day's run is recorded before sending (a unique row, see ``storage.staff_alerts``), so with
several workers or a restart only one digest goes out per day; a failed send forgets the record
so the next attempt (the catch-up check of the alert job) sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from domain.catalogue import category_label, format_date, t
from domain.deadlines import OverdueKind, lateness
from domain.delivery import Delivered, DeliveryPort, deliver_all, describe
from domain.messages import Reply
from domain.sla import VN_TZ, WorkingCalendar
from handlers.staff.alert_text import GroupConfig, late_text, place_of
from storage.database import Database
from storage.errors import IntegrityError
from storage.models import Report

log = logging.getLogger(__name__)

JOB = "digest"
MAX_LINES = 20
# Resolution first: it is the graver breach and the one leadership asks about.
KIND_ORDER = (OverdueKind.GIAI_QUYET, OverdueKind.TIEP_NHAN)


@dataclass(frozen=True)
class OverdueItem:
    """One overdue report as the digest shows it."""

    report: Report
    kind: OverdueKind
    late: timedelta


def overdue_items(reports: Sequence[Report], now: datetime) -> list[OverdueItem]:
    """The reports that ``overdue_kind`` flags, the latest first within each kind."""
    items: list[OverdueItem] = []
    for report in reports:
        found = lateness(report.status, report.accept_due_at, report.resolve_due_at, now)
        if found is not None:
            items.append(OverdueItem(report, found[0], found[1]))
    items.sort(key=lambda item: (KIND_ORDER.index(item.kind), -item.late, item.report.code))
    return items


def digest_text(items: Sequence[OverdueItem], now: datetime, max_lines: int = MAX_LINES) -> str:
    """Counts per kind, then up to ``max_lines`` reports grouped by kind."""
    day = format_date(now)
    if not items:
        return t("digest_none", date=day)
    counts = {kind: sum(1 for item in items if item.kind is kind) for kind in KIND_ORDER}
    lines = [
        t("digest_title", date=day, total=len(items)),
        t(
            "digest_counts",
            accept=counts[OverdueKind.TIEP_NHAN],
            resolve=counts[OverdueKind.GIAI_QUYET],
        ),
    ]
    shown = 0
    for kind in KIND_ORDER:
        group = [item for item in items if item.kind is kind][: max(0, max_lines - shown)]
        if not group:
            continue
        lines.append("")
        lines.append(t("digest_section", label=t(f"overdue_{kind.value}"), count=counts[kind]))
        for item in group:
            report = item.report
            lines.append(
                t(
                    "digest_line",
                    code=report.code,
                    category=category_label(report.category),
                    place=place_of(report),
                    late=late_text(item.late),
                )
            )
        shown += len(group)
    if len(items) > shown:
        lines.append(t("digest_more", count=len(items) - shown))
    return "\n".join(lines)


class StaffDigest:
    """Sends the overdue digest at most once per working day."""

    def __init__(
        self,
        db: Database,
        delivery: DeliveryPort,
        config: GroupConfig,
        calendar: WorkingCalendar,
        digest_time: time,
    ) -> None:
        self.db = db
        self.delivery = delivery
        self.config = config
        self.calendar = calendar
        self.digest_time = digest_time

    def due(self, now: datetime) -> bool:
        """A working day, at or after the digest time and before the end of office hours."""
        local = now.astimezone(VN_TZ)
        return self.calendar.is_working_day(local.date()) and (
            self.digest_time <= local.time().replace(tzinfo=None) < self.calendar.end
        )

    async def send_if_due(self, now: datetime | None = None) -> bool:
        """Catch up on a digest missed while no worker was running; True when one was sent."""
        now = now or datetime.now(UTC)
        if not self.due(now):
            return False
        async with self.db.uow() as uow:
            if await uow.job_runs.recorded(JOB, now.astimezone(VN_TZ).date().isoformat()):
                return False
        return await self.send(now)

    async def send(self, now: datetime | None = None) -> bool:
        """Send today's digest unless it went out already or today is not a working day."""
        now = now or datetime.now(UTC)
        day = now.astimezone(VN_TZ).date()
        if not self.calendar.is_working_day(day):
            log.info("no overdue digest on %s: not a working day", day)
            return False
        key = day.isoformat()
        async with self.db.uow() as uow:
            uow.job_runs.record(JOB, key)
            try:
                await uow.commit()
            except IntegrityError:
                log.info("overdue digest of %s already sent", day)
                return False
        async with self.db.uow() as uow:
            items = overdue_items(await uow.staff_group.overdue_reports(now), now)
            text = digest_text(items, now)  # reads the reports while the session holds them
        channel, chat_id = self.config.channel, self.config.chat_id
        outcome = await deliver_all(self.delivery, channel, chat_id, [Reply(text=text)])
        if not isinstance(outcome, Delivered):  # forget the run so the catch-up check retries it
            log.warning("overdue digest of %s not sent, will retry: %s", day, describe(outcome))
            async with self.db.uow() as uow:
                await uow.job_runs.release(JOB, key)
                await uow.commit()
            return False
        log.info("overdue digest of %s sent: %d overdue reports", day, len(items))
        return True
