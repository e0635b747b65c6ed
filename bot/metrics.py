"""Prometheus metrics of the service and ``GET /metrics`` (text exposition format).

Counters are bumped where things happen (the inbox intake and worker, the delivery port);
gauges that live in the database (inbox depth and age, reports and outbox rows by status) are
read when Prometheus scrapes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

from domain.delivery import Blocked, Delivered, Failed, Outcome, RetryAfter, Unknown

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

UPDATES_RECEIVED = Counter(
    "phananh_updates_received", "Updates stored in the inbox", ["channel"], registry=REGISTRY
)
UPDATES_PROCESSED = Counter(
    "phananh_updates_processed", "Inbox updates processed", ["channel"], registry=REGISTRY
)
UPDATES_FAILED = Counter(
    "phananh_updates_failed",
    "Inbox processing attempts that failed",
    ["channel"],
    registry=REGISTRY,
)
UPDATES_PARKED = Counter(
    "phananh_updates_parked", "Updates parked for an operator", ["channel"], registry=REGISTRY
)
HANDLER_SECONDS = Histogram(
    "phananh_handler_seconds",
    "Time to process one inbox update",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
DB_ERRORS = Counter(
    "phananh_db_errors", "Database operations that failed", ["where"], registry=REGISTRY
)
DELIVERIES = Counter(
    "phananh_deliveries",
    "Messages handed to a channel, by outcome (retry_after = 429, blocked = 403)",
    ["channel", "outcome"],
    registry=REGISTRY,
)
INBOX_PENDING = Gauge("phananh_inbox_pending", "Inbox updates waiting", registry=REGISTRY)
INBOX_PARKED = Gauge("phananh_inbox_parked", "Inbox updates parked", registry=REGISTRY)
INBOX_AGE = Gauge(
    "phananh_inbox_oldest_pending_seconds", "Age of the oldest waiting update", registry=REGISTRY
)
REPORTS = Gauge("phananh_reports", "Reports by status", ["status"], registry=REGISTRY)
OUTBOX = Gauge("phananh_outbox", "Campaign outbox rows by status", ["status"], registry=REGISTRY)
DATABASE_UP = Gauge(
    "phananh_database_up", "1 when the last scrape read the database", registry=REGISTRY
)

_OUTCOME_NAMES: dict[type, str] = {
    Delivered: "delivered",
    RetryAfter: "retry_after",
    Blocked: "blocked",
    Failed: "failed",
    Unknown: "unknown",
}


def count_delivery(channel: str, outcome: Outcome) -> None:
    """Count one delivery outcome."""
    DELIVERIES.labels(channel=channel, outcome=_OUTCOME_NAMES.get(type(outcome), "other")).inc()


async def _refresh_gauges(request: web.Request) -> None:
    from dashboard.keys import DATABASE  # the web app's keys, only when the page is asked for
    from storage.metrics_queries import service_gauges

    try:
        gauges = await service_gauges(request.app[DATABASE])
    except Exception as exc:  # the scrape still answers: the counters say what happened
        DB_ERRORS.labels(where="metrics").inc()
        DATABASE_UP.set(0)
        log.warning("metrics: database unavailable: %r", exc)
        return
    DATABASE_UP.set(1)
    INBOX_PENDING.set(gauges.inbox.pending)
    INBOX_PARKED.set(gauges.inbox.parked)
    oldest = gauges.inbox.oldest_pending
    INBOX_AGE.set((datetime.now(UTC) - oldest).total_seconds() if oldest else 0)
    REPORTS.clear()
    for status, count in gauges.reports_by_status.items():
        REPORTS.labels(status=status).set(count)
    OUTBOX.clear()
    for status, count in gauges.outbox_by_status.items():
        OUTBOX.labels(status=status).set(count)


async def metrics_view(request: web.Request) -> web.Response:
    """``GET /metrics``: every metric in the Prometheus text format."""
    await _refresh_gauges(request)
    body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
