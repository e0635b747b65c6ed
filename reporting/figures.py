"""The leadership figures for one filter: counts, weekly trend, timeliness, satisfaction."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from domain.sla import VN_TZ
from domain.statuses import CLOSED_STATUSES
from reporting.places import district_of
from storage.database import Database
from storage.stats_queries import (
    DUPLICATE_STATUS,
    RESOLVED_STATUS,
    CountRow,
    Satisfaction,
    StatsFilter,
    StatsQueries,
    TimingRow,
)

WEEKS = 12
TOP_PLACES = 10
_CLOSED = frozenset(s.value for s in CLOSED_STATUSES)


@dataclass
class Timeliness:
    """Median hours from receipt, and how many met the deadline among those that are due."""

    durations_hours: list[float] = field(default_factory=list)
    on_time: int = 0
    late: int = 0

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.durations_hours) if self.durations_hours else None

    @property
    def due(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class Week:
    """One ISO week (Monday 00:00 Vietnam time) and its report count."""

    year: int
    week: int
    monday: date
    count: int


@dataclass
class Figures:
    """Everything the page, the exports and the periodic reports show."""

    filter: StatsFilter
    rows: list[CountRow]
    weeks: list[Week]
    accept: Timeliness
    resolve: Timeliness
    satisfaction: Satisfaction

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)

    def by(self, key: str) -> Counter[str | None]:
        """Totals by "category", "place", "district", "status" or "channel"."""
        out: Counter[str | None] = Counter()
        for row in self.rows:
            out[_key(row, key)] += row.count
        return out

    def matrix(self, key: str) -> dict[str | None, Counter[str]]:
        """Counts by `key` (category/place/district) and status."""
        out: dict[str | None, Counter[str]] = {}
        for row in self.rows:
            out.setdefault(_key(row, key), Counter())[row.status] += row.count
        return out

    def top_places(self, limit: int = TOP_PLACES) -> list[tuple[str, int]]:
        """Place codes with the most reports (known places only), most first, then by code."""
        counts = [(p, c) for p, c in self.by("place").items() if p is not None]
        return sorted(counts, key=lambda item: (-item[1], item[0]))[:limit]

    @property
    def resolved(self) -> int:
        return self.by("status").get("da_giai_quyet", 0)

    @property
    def merged_duplicates(self) -> int:
        """Reports closed as duplicates of another: neither accepted nor resolved on their own."""
        return self.by("status").get(DUPLICATE_STATUS, 0)

    @property
    def still_open(self) -> int:
        return sum(c for s, c in self.by("status").items() if s not in _CLOSED)


def _key(row: CountRow, key: str) -> str | None:
    if key == "category":
        return row.category
    if key == "status":
        return row.status
    if key == "place":
        return row.place_code
    if key == "district":
        return district_of(row.place_code)
    if key == "channel":
        return row.channel
    raise ValueError(key)


def week_edges(end: datetime, weeks: int = WEEKS) -> list[datetime]:
    """Mondays (VN time) of the `weeks` ISO weeks ending with the week holding `end` - 1µs."""
    last_day = (end - timedelta(microseconds=1)).astimezone(VN_TZ).date()
    monday = last_day - timedelta(days=last_day.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    return [
        datetime.combine(first + timedelta(weeks=i), datetime.min.time(), VN_TZ)
        for i in range(weeks + 1)
    ]


def _hours(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 3600


def add_timing(row: TimingRow, accept: Timeliness, resolve: Timeliness, now: datetime) -> None:
    """Count one report's acceptance and resolution.

    Accepted: on time when accepted by the deadline; late when accepted after it or still not
    accepted once it passed. Resolved (status "da_giai_quyet"): likewise against the resolution
    deadline; an open report past that deadline is late; other closures are not counted.
    A duplicate («Trùng lặp», merged into another report) counts in neither: the main report
    carries the handling (``Figures.merged_duplicates`` counts them).
    """
    if row.status == DUPLICATE_STATUS:
        return
    if row.accepted_at is not None:
        accept.durations_hours.append(_hours(row.accepted_at, row.created_at))
        if row.accepted_at <= row.accept_due_at:
            accept.on_time += 1
        else:
            accept.late += 1
    elif now > row.accept_due_at:
        accept.late += 1
    if row.status == RESOLVED_STATUS and row.resolved_at is not None:
        resolve.durations_hours.append(_hours(row.resolved_at, row.created_at))
        if row.resolved_at <= row.resolve_due_at:
            resolve.on_time += 1
        else:
            resolve.late += 1
    elif row.status not in _CLOSED and now > row.resolve_due_at:
        resolve.late += 1


async def collect(stats: StatsQueries, f: StatsFilter, now: datetime | None = None) -> Figures:
    """Run every aggregation for the filter within one unit of work."""
    now = now or datetime.now(UTC)
    rows = await stats.count_rows(f)
    edges = week_edges(f.end)
    counts = await stats.bucket_counts(f, edges)
    weeks = []
    for edge, count in zip(edges, counts, strict=False):
        iso = edge.date().isocalendar()
        weeks.append(Week(iso.year, iso.week, edge.date(), count))
    accept, resolve = Timeliness(), Timeliness()
    async for timing in stats.timing_rows(f):
        add_timing(timing, accept, resolve, now)
    return Figures(f, rows, weeks, accept, resolve, await stats.satisfaction(f))


async def load(db: Database, f: StatsFilter, now: datetime | None = None) -> Figures:
    """`collect` in a fresh read-only unit of work."""
    async with db.uow() as uow:
        return await collect(uow.stats, f, now)
