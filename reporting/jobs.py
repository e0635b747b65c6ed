"""Scheduled periodic reports (Monday and the 1st at 07:00) and the leadership summary."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.keys import LEADERSHIP_CHAT_ID, SENDER, SESSIONS
from domain.catalogue import category_label, t
from domain.messages import Reply, ReplySender
from domain.sla import VN_TZ
from reporting.figures import Figures
from reporting.periodic import Outcome, generate, kind_label, period_end, previous_period
from reporting.tables import day, rate_text

log = logging.getLogger(__name__)

TELEGRAM = "telegram"
TOP_CATEGORIES = 3
SCHEDULES: dict[str, dict[str, Any]] = {"weekly": {"day_of_week": "mon"}, "monthly": {"day": 1}}


def summary_text(kind: str, start: date, fig: Figures) -> str:
    """The short Vietnamese summary sent to the leadership chat."""
    top = [
        t("stats_summary_top_item", label=category_label(code or ""), count=count)
        for code, count in fig.by("category").most_common(TOP_CATEGORIES)
    ]
    return t(
        "stats_summary",
        kind=kind_label(kind),
        start=day(start),
        end=day(period_end(kind, start) - timedelta(days=1)),
        total=fig.total,
        resolved=fig.resolved,
        accept_rate=rate_text(fig.accept.on_time_rate),
        resolve_rate=rate_text(fig.resolve.on_time_rate),
        top=", ".join(top) or t("stats_none"),
    )


async def notify_leadership(
    sender: ReplySender, chat_id: str | None, kind: str, start: date, fig: Figures
) -> bool:
    """Send the summary to the leadership Telegram chat; False when not configured or failed."""
    if not chat_id:
        log.info("LEADERSHIP_TELEGRAM_CHAT_ID is not set: no summary sent for %s %s", kind, start)
        return False
    try:
        await sender.send(TELEGRAM, chat_id, [Reply(text=summary_text(kind, start, fig))])
    except Exception as exc:  # Telegram off or unreachable: the report itself is stored
        log.warning("leadership summary for %s %s not sent: %s", kind, start, exc)
        return False
    return True


async def run_periodic(
    sessions: async_sessionmaker[AsyncSession],
    sender: ReplySender,
    chat_id: str | None,
    kind: str,
    start: date | None = None,
    *,
    now: datetime | None = None,
) -> Outcome:
    """Generate the period's report once (default: the last complete one) and announce it."""
    now = now or datetime.now(UTC)
    start = start or previous_period(kind, now.astimezone(VN_TZ).date())
    outcome = await generate(sessions, kind, start, now=now)
    if outcome.created and outcome.figures is not None:
        await notify_leadership(sender, chat_id, kind, start, outcome.figures)
    return outcome


async def _scheduled(app: web.Application, kind: str) -> None:
    """The job body: never let an error escape into the scheduler."""
    try:
        await run_periodic(app[SESSIONS], app[SENDER], app.get(LEADERSHIP_CHAT_ID), kind)
    except Exception:
        log.exception("scheduled %s report failed", kind)


def register_stats_jobs(app: web.Application, scheduler: AsyncIOScheduler) -> None:
    """Weekly report on Mondays and monthly report on the 1st, at 07:00 Vietnam time."""
    for kind, when in SCHEDULES.items():
        scheduler.add_job(
            _scheduled,
            CronTrigger(hour=7, minute=0, timezone=VN_TZ, **when),
            args=[app, kind],
            id=f"stats_{kind}_report",
            replace_existing=True,
        )
