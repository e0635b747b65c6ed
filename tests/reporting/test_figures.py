"""Aggregated figures on SQLite and PostgreSQL: counts, weekly trend, timeliness, satisfaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from reporting.figures import load
from reporting.tables import channel_table, district_table, place_table, summary_table
from storage.database import Database
from storage.stats_queries import StatsFilter
from tests.reporting.seed import NOW, PERIOD_END, PERIOD_START, SPECS, Spec, seed, vn

PERIOD = StatsFilter(start=PERIOD_START, end=PERIOD_END)


async def test_counts_by_category_place_and_status(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    fig = await load(db, PERIOD, NOW)
    assert fig.total == 5
    assert dict(fig.by("category")) == {"giao_thong": 3, "dien": 1, "thoat_nuoc": 1}
    assert dict(fig.by("status")) == {"da_giai_quyet": 2, "dang_xu_ly": 1, "moi": 1, "tu_choi": 1}
    assert dict(fig.by("place")) == {"7210": 3, "9187": 1, None: 1}
    assert fig.matrix("category")["giao_thong"] == {
        "da_giai_quyet": 1,
        "dang_xu_ly": 1,
        "tu_choi": 1,
    }
    assert fig.top_places() == [("7210", 3), ("9187", 1)]
    assert fig.resolved == 2
    assert fig.still_open == 2
    # Legacy district from the gazetteer's merger data: Phường Bắc Giang was Thành phố Bắc Giang,
    # Phường Kinh Bắc was Thành phố Bắc Ninh.
    assert dict(fig.by("district")) == {
        "Thành phố Bắc Giang": 3,
        "Thành phố Bắc Ninh": 1,
        None: 1,
    }
    places = place_table(fig)
    assert places.rows[0][:2] == ["Phường Bắc Giang", "Thành phố Bắc Giang"]
    assert places.rows[0][-1] == 3
    assert [row[0] for row in district_table(fig).rows] == [
        "Thành phố Bắc Giang",
        "Thành phố Bắc Ninh",
        "Chưa xác định huyện cũ",
    ]


async def test_weekly_trend_covers_twelve_iso_weeks(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    fig = await load(db, PERIOD, NOW)
    assert len(fig.weeks) == 12
    assert fig.weeks[-1].monday == date(2026, 3, 9)
    assert fig.weeks[0].monday == date(2025, 12, 22)
    counts = {w.monday: w.count for w in fig.weeks}
    assert counts[date(2026, 3, 9)] == 3
    assert counts[date(2026, 3, 2)] == 2
    assert counts[date(2026, 2, 16)] == 1  # before the period, still in the trend
    assert sum(counts.values()) == 6
    assert (fig.weeks[-1].year, fig.weeks[-1].week) == (2026, 11)


async def test_acceptance_and_resolution_time_from_columns_and_events(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    fig = await load(db, PERIOD, NOW)
    # Accepted after 2 h (column), 24 h, 4 h, 1 h (events); D is overdue and never accepted.
    assert sorted(fig.accept.durations_hours) == [1.0, 2.0, 4.0, 24.0]
    assert fig.accept.median_hours == 3.0
    assert (fig.accept.on_time, fig.accept.late) == (3, 2)
    assert fig.accept.on_time_rate == 0.6
    # Resolved after 72 h (column) and 48 h (event); B is open past its deadline.
    assert sorted(fig.resolve.durations_hours) == [48.0, 72.0]
    assert fig.resolve.median_hours == 60.0
    assert (fig.resolve.on_time, fig.resolve.late) == (2, 1)
    sat = fig.satisfaction
    assert (sat.rating_mean, sat.rating_count) == (4.0, 2)
    assert (sat.fixed_yes, sat.fixed_answered) == (1, 2)


async def test_counts_by_channel(sessions: async_sessionmaker[AsyncSession], db: Database) -> None:
    specs = [replace(spec, channel="zalo") if i < 2 else spec for i, spec in enumerate(SPECS)]
    await seed(sessions, specs)
    fig = await load(db, PERIOD, NOW)
    assert dict(fig.by("channel")) == {"zalo": 2, "telegram": 3}
    table = channel_table(fig)
    assert [(row[0], row[-1]) for row in table.rows] == [("Telegram", 3), ("Zalo", 2)]


async def test_merged_duplicates_are_counted_apart_not_as_accepted_on_time(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    # A duplicate merged an hour after it came in, well before its acceptance deadline, and a
    # duplicate merged after that deadline: neither was handled on its own.
    merged_early = Spec(
        "giao_thong",
        "7210",
        vn(3, 4, 9),
        vn(3, 4, 17),
        vn(3, 18, 17),
        "trung_lap",
        events=[(vn(3, 4, 10), "trung_lap")],
    )
    merged_late = replace(merged_early, events=[(vn(3, 5, 10), "trung_lap")])
    await seed(sessions, [*SPECS, merged_early, merged_late])
    fig = await load(db, PERIOD, NOW)
    assert fig.total == 7 and fig.merged_duplicates == 2
    assert (fig.accept.on_time, fig.accept.late) == (3, 2)  # as without the duplicates
    assert sorted(fig.accept.durations_hours) == [1.0, 2.0, 4.0, 24.0]
    assert (fig.resolve.on_time, fig.resolve.late) == (2, 1)
    summary = dict((row[0], row[1]) for row in summary_table(fig).rows)
    assert summary[t("stats_merged_duplicates")] == 2
