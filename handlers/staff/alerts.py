"""Tell the staff Telegram group about new and reopened reports.

A report with ``staff_alerted_at`` NULL is pending. Each run first claims the reports it will
announce (a conditional UPDATE that only one worker can win), commits the claim, and only then
sends; when the send fails the claim is undone so a later run retries. Urgent reports go one
message each from a short-interval job; the others are summarised a few per message by a slower
one. Each run sends a bounded number of messages, so the group stays under Telegram's limit of
20 messages a minute; whatever is left waits for the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.catalogue import category_label, format_datetime, status_label, t, urgency_label
from domain.delivery import Delivered, DeliveryPort, deliver_all, describe
from domain.messages import Reply
from handlers.staff.alert_text import GroupConfig, place_of, report_buttons, snippet
from storage.database import Database
from storage.models import Report

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertLimits:
    """How much one run may send."""

    urgent_per_run: int = 5  # one message each
    batch_size: int = 10  # reports per summary message (two buttons each: Telegram allows 100)
    batches_per_run: int = 2


class StaffAlerts:
    """Announces pending reports in the staff group; safe to run concurrently anywhere."""

    def __init__(
        self,
        db: Database,
        delivery: DeliveryPort,
        config: GroupConfig,
        limits: AlertLimits | None = None,
    ) -> None:
        self.db = db
        self.delivery = delivery
        self.config = config
        self.limits = limits or AlertLimits()

    async def send_urgent(self, now: datetime | None = None) -> int:
        """Announce pending urgent reports, one message each; returns how many were sent."""
        limit = self.limits.urgent_per_run
        claimed, reopened = await self._claim(urgent=True, limit=limit, now=now)
        sent = 0
        for report in claimed:
            reply = self._single(report, report.id in reopened)
            if await self._send([report], [reply]):
                sent += 1
        return sent

    async def send_batch(self, now: datetime | None = None) -> int:
        """Summarise pending non-urgent reports a few per message; returns how many were sent."""
        size = self.limits.batch_size
        claimed, reopened = await self._claim(
            urgent=False, limit=size * self.limits.batches_per_run, now=now
        )
        sent = 0
        for start in range(0, len(claimed), size):
            chunk = claimed[start : start + size]
            if await self._send(chunk, [self._summary(chunk, reopened)]):
                sent += len(chunk)
        return sent

    async def _claim(
        self, *, urgent: bool, limit: int, now: datetime | None
    ) -> tuple[list[Report], set[int]]:
        claimed_at = now or datetime.now(UTC)
        async with self.db.uow() as uow:
            queries = uow.staff_group
            candidates = await queries.pending_alerts(urgent=urgent, limit=limit)
            if not candidates:
                return [], set()
            won = set(await queries.claim_alerts([r.id for r in candidates], claimed_at))
            reopened = await queries.reopened_ids(won)
            await uow.commit()
        claimed = [r for r in candidates if r.id in won]
        for report in claimed:
            report.staff_alerted_at = claimed_at  # what the release below must match
        return claimed, reopened

    async def _send(self, reports: Sequence[Report], replies: list[Reply]) -> bool:
        codes = ", ".join(r.code for r in reports)
        outcome = await deliver_all(
            self.delivery, self.config.channel, self.config.chat_id, replies
        )
        if not isinstance(outcome, Delivered):  # the claim is undone below, so nothing is lost
            log.warning("staff alert for %s not sent, will retry: %s", codes, describe(outcome))
            claimed_at = reports[0].staff_alerted_at
            assert claimed_at is not None
            async with self.db.uow() as uow:
                await uow.staff_group.release_alerts([r.id for r in reports], claimed_at)
                await uow.commit()
            return False
        log.info("staff group told about %s", codes)
        return True

    def _single(self, report: Report, reopened: bool) -> Reply:
        if reopened:
            title = t("alert_reopened_title", code=report.code)
        elif report.urgency == "cao":
            title = t("alert_urgent_title", code=report.code)
        else:
            title = t("alert_new_title", code=report.code)
        details = t(
            "alert_details",
            category=category_label(report.category),
            urgency=urgency_label(report.urgency),
            place=place_of(report),
            status=status_label(report.status),
            text=snippet(report.text, 600),
            accept_due=format_datetime(report.accept_due_at),
            resolve_due=format_datetime(report.resolve_due_at),
        )
        row = report_buttons(self.config, report, with_code=False)
        return Reply(text=f"{title}\n{details}", buttons=[row] if row else [])

    def _summary(self, reports: Sequence[Report], reopened: set[int]) -> Reply:
        lines = [t("alert_batch_title", count=len(reports))]
        buttons = []
        for index, report in enumerate(reports, start=1):
            key = "alert_batch_line_reopened" if report.id in reopened else "alert_batch_line"
            lines.append(
                t(
                    key,
                    index=index,
                    code=report.code,
                    category=category_label(report.category),
                    place=place_of(report),
                    text=snippet(report.text),
                )
            )
            row = report_buttons(self.config, report, with_code=True)
            if row:
                buttons.append(row)
        return Reply(text="\n".join(lines), buttons=buttons)
