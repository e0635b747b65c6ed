"""APScheduler (3.x) inside the service: periodic jobs (digests, alerts, reports).

Jobs are registered by ``register_*`` functions of the packages that own them; the wiring
in ``bot/app.py`` calls them. Jobs must be idempotent: with several workers, each runs its
own scheduler, so a job checks the database before doing anything twice.
"""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from domain.sla import VN_TZ


def new_scheduler() -> AsyncIOScheduler:
    """A scheduler on Vietnam time that coalesces missed runs."""
    return AsyncIOScheduler(
        timezone=VN_TZ,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
