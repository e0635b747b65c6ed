"""When a scheduled campaign is due: now, at a moment, or recurring (crontab).

The schedule is persisted in the ``campaigns`` table itself (``schedule_kind``, ``scheduled_at``,
``cron``), and one interval job (:mod:`broadcasts.campaign_runner`, wired in ``bot.jobs``) looks
for due campaigns every few seconds, so a restart loses nothing. A recurring campaign's next run
is due when the crontab's next fire time after its last run's start has passed. This is the one
module of the campaigns that reads crontabs (APScheduler's parser).
"""

from __future__ import annotations

from datetime import datetime

from apscheduler.triggers.cron import CronTrigger

from domain.sla import VN_TZ
from storage.broadcast_models import Campaign


def valid_crontab(expression: str) -> bool:
    """True for a 5-field crontab APScheduler can run."""
    try:
        CronTrigger.from_crontab(expression)
    except ValueError:
        return False
    return True


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
