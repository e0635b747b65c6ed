"""Weekly and monthly reports for the leadership: periods, XLSX with charts, printable HTML.

A report is stored once per (kind, period start); generating again is a no-op unless asked to
replace it, so several workers and restarts never duplicate one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jinja2
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.stats.filters import day_start
from domain.catalogue import MESSAGES, category_label, format_datetime, status_label, t
from reporting import charts as stats_charts
from reporting import tables as stats_tables
from reporting.export import XlsxBuilder
from reporting.figures import Figures, collect
from storage.models import GeneratedReport
from storage.stats_queries import GeneratedReports, StatsFilter, export_batches
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

KINDS = ("weekly", "monthly")
LIST_LIMIT = 100_000  # rows of the list sheet in one periodic report
TEMPLATES_DIR = Path(__file__).parent / "templates"  # also searched by the dashboard


def kind_label(kind: str) -> str:
    """Vietnamese name of a report kind."""
    return t(f"stats_kind_{kind}")


def period_end(kind: str, start: date) -> date:
    """The day after the period that starts on `start`."""
    if kind == "weekly":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_period(kind: str, today: date) -> date:
    """Start of the last complete week (Monday) or month before `today`."""
    if kind == "weekly":
        return today - timedelta(days=today.weekday() + 7)
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def valid_start(kind: str, start: date, today: date) -> bool:
    """A Monday (weekly) or a 1st (monthly) of a period that has ended by `today`."""
    if kind not in KINDS:
        return False
    aligned = start.weekday() == 0 if kind == "weekly" else start.day == 1
    return aligned and period_end(kind, start) <= today


@dataclass(frozen=True)
class Outcome:
    """What generating did: the stored report's id and whether it was created now."""

    report_id: int
    created: bool
    figures: Figures | None


def charts_for(fig: Figures) -> dict[str, str]:
    by_category = fig.by("category").most_common()
    by_status = fig.by("status").most_common()
    return {
        "categories": stats_charts.bar_chart(
            t("stats_chart_categories"),
            [category_label(c or "") for c, _ in by_category],
            [n for _, n in by_category],
        ),
        "statuses": stats_charts.bar_chart(
            t("stats_chart_statuses"),
            [status_label(s or "") for s, _ in by_status],
            [n for _, n in by_status],
        ),
        "weekly": stats_charts.line_chart(
            t("stats_chart_weekly"),
            [t("stats_week_label", week=w.week, year=w.year) for w in fig.weeks],
            [w.count for w in fig.weeks],
        ),
    }


def render_html(kind: str, start: date, end: date, fig: Figures, created: datetime) -> str:
    """The printable A4 page (self-contained: inline CSS and SVG charts)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(default=True),
    )
    title = t(
        "stats_report_heading",
        kind=kind_label(kind),
        start=stats_tables.day(start),
        end=stats_tables.day(end - timedelta(days=1)),
    )
    return env.get_template("periodic_print.html").render(
        m=MESSAGES,
        title=title,
        generated=t("stats_report_generated", at=format_datetime(created)),
        tables=stats_tables.all_tables(fig)[:-1],
        charts=charts_for(fig),
    )


def summary_workbook(fig: Figures) -> XlsxBuilder:
    """Summary sheets, each chartable one with a native Excel chart."""
    book = XlsxBuilder()
    book.add_table(stats_tables.summary_table(fig), title=t("stats_sheet_summary"))
    book.add_table(stats_tables.category_table(fig), "bar", t("stats_sheet_categories"))
    book.add_table(stats_tables.weekly_table(fig), "line", t("stats_sheet_weekly"))
    book.add_table(stats_tables.place_table(fig), "bar", t("stats_sheet_places"))
    book.add_table(stats_tables.district_table(fig), "bar", t("stats_sheet_districts"))
    book.add_table(stats_tables.detail_table(fig), title=t("stats_sheet_detail"))
    return book


async def build_files(
    session: AsyncSession, kind: str, start: date, now: datetime
) -> tuple[Figures, bytes, str]:
    """Figures, XLSX bytes and HTML of one period (heavy parts in a worker thread)."""
    end = period_end(kind, start)
    filt = StatsFilter(start=day_start(start), end=day_start(end))
    fig = await collect(session, filt, now)
    book = await asyncio.to_thread(summary_workbook, fig)
    book.start_list()
    async for rows in export_batches(session, filt, limit=LIST_LIMIT):
        await asyncio.to_thread(book.append_list, rows)
    xlsx = await asyncio.to_thread(book.to_bytes)
    html = await asyncio.to_thread(render_html, kind, start, end, fig, now)
    return fig, xlsx, html


async def generate(
    sessions: async_sessionmaker[AsyncSession],
    kind: str,
    start: date,
    *,
    replace: bool = False,
    now: datetime | None = None,
) -> Outcome:
    """Store the report of this period unless it exists (or replace it when asked)."""
    now = now or datetime.now(UTC)
    period_start = day_start(start)
    async with UnitOfWork(sessions) as uow:
        repo = GeneratedReports(uow.session)
        existing = await repo.find(kind, period_start)
        if existing is not None and not replace:
            return Outcome(existing.id, created=False, figures=None)
        fig, xlsx, html = await build_files(uow.session, kind, start, now)
        if existing is not None:
            existing.xlsx, existing.html, existing.created_at = xlsx, html, now
            await uow.commit()
            log.info("periodic report %s %s regenerated", kind, start)
            return Outcome(existing.id, created=False, figures=fig)
        row = GeneratedReport(
            kind=kind,
            period_start=period_start,
            period_end=day_start(period_end(kind, start)),
            created_at=now,
            xlsx=xlsx,
            html=html,
        )
        try:
            await repo.add(row)
            await uow.commit()
        except IntegrityError:  # another worker stored it a moment ago
            log.info("periodic report %s %s already stored by another worker", kind, start)
            await uow.session.rollback()
            found = await GeneratedReports(uow.session).find(kind, period_start)
            return Outcome(found.id if found else 0, created=False, figures=None)
    log.info("periodic report %s %s generated (%d reports)", kind, start, fig.total)
    return Outcome(row.id, created=True, figures=fig)
