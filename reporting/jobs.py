"""Scheduled periodic reports (Monday and the 1st at 07:00) and the leadership summary."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from domain.catalogue import category_label, t
from domain.delivery import Channel, Delivered, DeliveryPort, Outcome, deliver_all, describe
from domain.messages import Reply
from domain.sla import VN_TZ
from reporting.figures import Figures
from reporting.periodic import Generated, generate
from reporting.periods import local_today, period_values, previous_period
from reporting.tables import rate_text
from storage.database import Database

log = logging.getLogger(__name__)

TOP_CATEGORIES = 3
SCHEDULES: dict[str, dict[str, Any]] = {"weekly": {"day_of_week": "mon"}, "monthly": {"day": 1}}


@dataclass(frozen=True)
class PeriodicRun:
    """The stored report and what became of its summary (None: nothing was sent)."""

    report: Generated
    summary: Outcome | None


def summary_text(kind: str, start: date, fig: Figures) -> str:
    """The short Vietnamese summary sent to the leadership chat."""
    top = [
        t("stats_summary_top_item", label=category_label(code or ""), count=count)
        for code, count in fig.by("category").most_common(TOP_CATEGORIES)
    ]
    return t(
        "stats_summary",
        **period_values(kind, start),
        total=fig.total,
        resolved=fig.resolved,
        accept_rate=rate_text(fig.accept.on_time_rate),
        resolve_rate=rate_text(fig.resolve.on_time_rate),
        top=", ".join(top) or t("stats_none"),
    )


async def notify_leadership(
    port: DeliveryPort, chat_id: str | None, kind: str, start: date, fig: Figures
) -> Outcome | None:
    """Send the summary to the leadership Telegram chat; None when no chat is configured."""
    if not chat_id:
        log.info("LEADERSHIP_TELEGRAM_CHAT_ID is not set: no summary sent for %s %s", kind, start)
        return None
    reply = Reply(text=summary_text(kind, start, fig))
    outcome = await deliver_all(port, Channel.TELEGRAM, chat_id, [reply])
    if not isinstance(outcome, Delivered):  # the report itself is stored either way
        log.warning("leadership summary for %s %s not sent: %s", kind, start, describe(outcome))
    return outcome


async def run_periodic(
    db: Database,
    port: DeliveryPort,
    chat_id: str | None,
    kind: str,
    start: date | None = None,
    *,
    now: datetime | None = None,
) -> PeriodicRun:
    """Generate the period's report once (default: the last complete one) and announce it."""
    now = now or datetime.now(UTC)
    start = start or previous_period(kind, local_today(now))
    generated = await generate(db, kind, start, now=now)
    summary = None
    if generated.created and generated.figures is not None:
        summary = await notify_leadership(port, chat_id, kind, start, generated.figures)
    return PeriodicRun(generated, summary)


async def _scheduled(db: Database, port: DeliveryPort, chat_id: str | None, kind: str) -> None:
    """The job body: never let an error escape into the scheduler."""
    try:
        await run_periodic(db, port, chat_id, kind)
    except Exception:
        log.exception("scheduled %s report failed", kind)


def register_stats_jobs(
    scheduler: AsyncIOScheduler, db: Database, port: DeliveryPort, chat_id: str | None
) -> None:
    """Weekly report on Mondays and monthly report on the 1st, at 07:00 Vietnam time."""
    for kind, when in SCHEDULES.items():
        scheduler.add_job(
            _scheduled,
            CronTrigger(hour=7, minute=0, timezone=VN_TZ, **when),
            args=[db, port, chat_id, kind],
            id=f"stats_{kind}_report",
            replace_existing=True,
        )
