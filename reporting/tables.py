"""Figures as labelled tables (Vietnamese headers), shared by the page, exports and reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from domain.catalogue import category_label, channel_label, status_label, t
from domain.statuses import ReportStatus
from domain.taxonomy import CATEGORY_CODES
from reporting.figures import Figures, Timeliness
from reporting.places import district_of, place_name
from reporting.values import Day, Hours, Mean, Share, number

# Typed values (reporting.values) are str/float/date subclasses: pages print their Vietnamese
# reading, XLSX keeps the number or the date.
Cell = str | int | float | datetime | date | None
STATUS_CODES: tuple[str, ...] = tuple(s.value for s in ReportStatus)


@dataclass(frozen=True)
class Table:
    """A titled table; `key` names it in file names and sheet lists."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Cell]]


def hours_text(value: float | None) -> str:
    """Hours in Vietnamese notation, or a dash when unknown."""
    return t("stats_none") if value is None else t("stats_hours", value=number(value))


def rate_text(value: float | None) -> str:
    """A share as a Vietnamese percentage, or a dash when unknown."""
    return t("stats_none") if value is None else t("stats_percent", value=number(value * 100))


def ratio_detail(good: int, total: int) -> str:
    """ "3/5 phản ánh"."""
    return t("stats_ratio_detail", good=good, total=total)


def place_label(code: str | None) -> str:
    """Name of a unit code; a marker when there is no place."""
    if code is None:
        return t("stats_no_place")
    return place_name(code) or code


def district_label(name: str | None) -> str:
    """A legacy district name; a marker when unknown."""
    return name or t("stats_no_district")


def _share(value: float | None, good: int, total: int) -> Cell:
    detail = ratio_detail(good, total)
    return f"{t('stats_none')} ({detail})" if value is None else Share(value, detail)


def _timeliness_rows(prefix: str, timing: Timeliness) -> list[list[Cell]]:
    median = timing.median_hours
    return [
        [t(f"stats_{prefix}_median"), t("stats_none") if median is None else Hours(median)],
        [t(f"stats_{prefix}_on_time"), _share(timing.on_time_rate, timing.on_time, timing.due)],
    ]


def summary_table(fig: Figures) -> Table:
    """The headline figures; shares, hours and the mean rating are numbers (reporting.values)."""
    sat = fig.satisfaction
    rating_detail = t("stats_rating_detail", count=sat.rating_count)
    rating: Cell = (
        f"{t('stats_none')} ({rating_detail})"
        if sat.rating_mean is None
        else Mean(sat.rating_mean, rating_detail)
    )
    fixed = sat.fixed_yes / sat.fixed_answered if sat.fixed_answered else None
    rows: list[list[Cell]] = [
        [t("stats_total"), fig.total],
        [t("stats_resolved"), fig.resolved],
        [t("stats_open"), fig.still_open],
        [t("stats_merged_duplicates"), fig.merged_duplicates],
        *_timeliness_rows("accept", fig.accept),
        *_timeliness_rows("resolve", fig.resolve),
        [t("stats_rating"), rating],
        [t("stats_fixed_share"), _share(fixed, sat.fixed_yes, sat.fixed_answered)],
    ]
    return Table(
        "tong-hop", t("stats_sheet_summary"), [t("stats_col_metric"), t("stats_col_value")], rows
    )


def _status_header(first: list[str]) -> list[str]:
    return [*first, *(status_label(s) for s in STATUS_CODES), t("stats_col_total")]


def category_table(fig: Figures) -> Table:
    """Categories (all twelve, in taxonomy order) by status."""
    matrix = fig.matrix("category")
    rows: list[list[Cell]] = []
    for code in CATEGORY_CODES:
        counts = matrix.get(code)
        if counts is None and fig.filter.category not in (None, code):
            continue
        values = [counts.get(s, 0) if counts else 0 for s in STATUS_CODES]
        rows.append([category_label(code), *values, sum(values)])
    return Table(
        "linh-vuc", t("stats_by_category"), _status_header([t("stats_col_category")]), rows
    )


def channel_table(fig: Figures) -> Table:
    """Reports by the channel they came through (Telegram, Zalo, web chat, Open311), by status."""
    matrix = fig.matrix("channel")
    ordered = sorted(matrix.items(), key=lambda kv: -sum(kv[1].values()))
    rows: list[list[Cell]] = []
    for code, counts in ordered:
        values = [counts.get(s, 0) for s in STATUS_CODES]
        rows.append([channel_label(code or ""), *values, sum(values)])
    return Table("kenh", t("stats_by_channel"), _status_header([t("stats_col_channel")]), rows)


def place_table(fig: Figures) -> Table:
    """Communes/wards with reports by status, most reports first."""
    matrix = fig.matrix("place")
    ordered = sorted(matrix.items(), key=lambda kv: (-sum(kv[1].values()), place_label(kv[0])))
    rows: list[list[Cell]] = []
    for code, counts in ordered:
        values = [counts.get(s, 0) for s in STATUS_CODES]
        rows.append([place_label(code), district_label(district_of(code)), *values, sum(values)])
    header = _status_header([t("stats_col_place"), t("stats_col_district")])
    return Table("xa-phuong", t("stats_by_place"), header, rows)


def district_table(fig: Figures) -> Table:
    """Legacy districts by status."""
    matrix = fig.matrix("district")
    ordered = sorted(matrix.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    rows: list[list[Cell]] = []
    for name, counts in ordered:
        values = [counts.get(s, 0) for s in STATUS_CODES]
        rows.append([district_label(name), *values, sum(values)])
    return Table(
        "huyen-cu", t("stats_by_district"), _status_header([t("stats_col_district")]), rows
    )


def weekly_table(fig: Figures) -> Table:
    """Reports per ISO week."""
    rows: list[list[Cell]] = [
        [t("stats_week_label", week=w.week, year=w.year), Day.of(w.monday), w.count]
        for w in fig.weeks
    ]
    header = [t("stats_col_week"), t("stats_col_week_start"), t("stats_col_count")]
    return Table("theo-tuan", t("stats_weekly"), header, rows)


def top_places_table(fig: Figures) -> Table:
    """The places with the most reports."""
    rows: list[list[Cell]] = [
        [rank, place_label(code), count]
        for rank, (code, count) in enumerate(fig.top_places(), start=1)
    ]
    header = [t("stats_col_rank"), t("stats_col_place"), t("stats_col_count")]
    return Table("dia-ban-nhieu-nhat", t("stats_top_places"), header, rows)


def detail_table(fig: Figures) -> Table:
    """Flat category × commune × status counts (for pivot tables in Excel)."""
    merged: Counter[tuple[str, str | None, str]] = Counter()
    for r in fig.rows:  # the rows are also split by channel; the flat table is not
        merged[(r.category, r.place_code, r.status)] += r.count
    ordered = sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2]))
    rows: list[list[Cell]] = [
        [
            category_label(category),
            place_label(place_code),
            district_label(district_of(place_code)),
            status_label(status),
            count,
        ]
        for (category, place_code, status), count in ordered
    ]
    header = [
        t("stats_col_category"),
        t("stats_col_place"),
        t("stats_col_district"),
        t("stats_col_status"),
        t("stats_col_count"),
    ]
    return Table("chi-tiet", t("stats_sheet_detail"), header, rows)


def shown_tables(fig: Figures) -> list[Table]:
    """The tables pages and printed reports show, summary first (not the flat detail)."""
    return all_tables(fig)[:-1]


def all_tables(fig: Figures) -> list[Table]:
    """Every summary table, in reading order; the flat detail table comes last."""
    return [
        summary_table(fig),
        category_table(fig),
        channel_table(fig),
        place_table(fig),
        district_table(fig),
        weekly_table(fig),
        top_places_table(fig),
        detail_table(fig),
    ]
