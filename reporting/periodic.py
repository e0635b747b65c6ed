"""Weekly and monthly reports for the leadership: XLSX with charts and a printable HTML page.

A report is stored once per (kind, period start); generating again is a no-op unless asked to
replace it, so several workers and restarts never duplicate one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import jinja2

from domain.catalogue import MESSAGES, format_datetime, t
from reporting.charts import figure_charts
from reporting.export import fill_list, summary_workbook
from reporting.figures import Figures, collect
from reporting.periods import day_start, period_end, period_heading
from reporting.tables import shown_tables
from storage.database import Database
from storage.errors import IntegrityError
from storage.stats_queries import StatsFilter, StatsQueries

log = logging.getLogger(__name__)

LIST_LIMIT = 100_000  # rows of the list sheet in one periodic report
TEMPLATES_DIR = Path(__file__).parent / "templates"  # also searched by the dashboard


@dataclass(frozen=True)
class Generated:
    """What generating did: the stored report's id and whether it was created now."""

    report_id: int
    created: bool
    figures: Figures | None  # set when the files were built now (created or replaced)


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(default=True),
    )


def render_html(kind: str, start: date, fig: Figures, created: datetime) -> str:
    """The printable A4 page (self-contained: inline CSS and SVG charts)."""
    return (
        _templates()
        .get_template("periodic_print.html")
        .render(
            m=MESSAGES,
            title=period_heading(kind, start),
            generated=t("stats_report_generated", at=format_datetime(created)),
            tables=shown_tables(fig),
            charts=figure_charts(fig),
        )
    )


def period_filter(kind: str, start: date) -> StatsFilter:
    """Every report received in the period."""
    return StatsFilter(start=day_start(start), end=day_start(period_end(kind, start)))


async def build_files(
    stats: StatsQueries, kind: str, start: date, now: datetime
) -> tuple[Figures, bytes, str]:
    """Figures, XLSX bytes and HTML of one period (heavy parts in a worker thread)."""
    filt = period_filter(kind, start)
    fig = await collect(stats, filt, now)
    book = await asyncio.to_thread(summary_workbook, fig)
    await fill_list(book, stats.export_batches(filt, limit=LIST_LIMIT))
    xlsx = await asyncio.to_thread(book.to_bytes)
    html = await asyncio.to_thread(render_html, kind, start, fig, now)
    return fig, xlsx, html


async def generate(
    db: Database,
    kind: str,
    start: date,
    *,
    replace: bool = False,
    now: datetime | None = None,
) -> Generated:
    """Store the report of this period unless it exists (or replace it when asked)."""
    now = now or datetime.now(UTC)
    period_start = day_start(start)
    async with db.uow() as uow:
        existing = await uow.generated_reports.find(kind, period_start)
        if existing is not None and not replace:
            return Generated(existing.id, created=False, figures=None)
        fig, xlsx, html = await build_files(uow.stats, kind, start, now)
        if existing is not None:
            existing.xlsx, existing.html, existing.created_at = xlsx, html, now
            await uow.commit()
            log.info("periodic report %s %s regenerated", kind, start)
            return Generated(existing.id, created=False, figures=fig)
        try:
            row = await uow.generated_reports.add(
                kind, period_start, day_start(period_end(kind, start)), now, xlsx, html
            )
            await uow.commit()
        except IntegrityError:  # another worker stored it a moment ago
            log.info("periodic report %s %s already stored by another worker", kind, start)
        else:
            log.info("periodic report %s %s generated (%d reports)", kind, start, fig.total)
            return Generated(row.id, created=True, figures=fig)
    async with db.uow() as uow:  # the failed unit was rolled back on leaving it
        found = await uow.generated_reports.find(kind, period_start)
        return Generated(found.id if found else 0, created=False, figures=None)
