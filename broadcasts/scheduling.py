"""When a scheduled campaign is due: now, at a moment, or recurring (crontab).

The schedule is persisted in the ``campaigns`` table itself (``schedule_kind``, ``scheduled_at``,
``cron``), and one interval job (:mod:`broadcasts.campaign_runner`, wired in ``bot.jobs``) looks
for due campaigns every few seconds, so a restart loses nothing. A recurring campaign's next run
is due when the crontab's next fire time after its last run's start has passed. This is the one
module of the campaigns that reads crontabs (APScheduler's parser).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from domain.sla import VN_TZ
from storage.broadcast_models import Campaign


def valid_crontab(expression: str) -> bool:
    """True for a 5-field crontab APScheduler can run (``shortest_interval`` says how often)."""
    try:
        CronTrigger.from_crontab(expression)
    except ValueError:
        return False
    return True


# Recurring campaigns may not run more often than this by default (subscribers are not spammed).
MIN_CRON_INTERVAL = timedelta(days=1)
_INTERVAL_SAMPLES = 400  # fire times looked at: more than a year of a daily schedule


def shortest_interval(expression: str) -> timedelta | None:
    """The shortest time between two runs of a valid crontab within about a year (None: once)."""
    trigger = CronTrigger.from_crontab(expression, timezone=VN_TZ)
    previous = trigger.get_next_fire_time(None, datetime(2026, 1, 1, tzinfo=VN_TZ))
    shortest: timedelta | None = None
    for _ in range(_INTERVAL_SAMPLES):
        if previous is None:
            break
        upcoming = trigger.get_next_fire_time(previous, previous + timedelta(seconds=1))
        if upcoming is None:
            break
        gap = upcoming - previous
        shortest = gap if shortest is None else min(shortest, gap)
        if shortest <= timedelta(minutes=1):  # cron cannot fire more often than this
            break
        previous = upcoming
    return shortest


def is_due(campaign: Campaign, now: datetime) -> bool:
    """True when a ``scheduled`` campaign should start a run now."""
    if campaign.schedule_kind == "now":
        return True
    if campaign.schedule_kind == "at":
        return campaign.scheduled_at is not None and campaign.scheduled_at <= now
    if campaign.schedule_kind == "cron" and campaign.cron:
        trigger = CronTrigger.from_crontab(campaign.cron, timezone=VN_TZ)
        since = campaign.started_at or campaign.updated_at
        upcoming = trigger.get_next_fire_time(None, since.astimezone(VN_TZ))
        return upcoming is not None and upcoming <= now
    return False
