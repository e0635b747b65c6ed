"""Weekly and monthly reports for the leadership: XLSX with charts and a printable HTML page.

A report is stored once per (kind, period start, scope); generating again is a no-op unless
asked to replace it, so several workers and restarts never duplicate one. The scope is the wards
it covers: the whole province for the scheduled reports, an officer's wards when a limited
officer generates one. Its «Danh sách» sheet lists reports without their text or typed address.
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
from reporting.places import place_name
from reporting.tables import shown_tables
from storage.database import Database
from storage.errors import IntegrityError
from storage.generated_reports import scope_key
from storage.stats_queries import StatsFilter, StatsQueries

log = logging.getLogger(__name__)

LIST_LIMIT = 100_000  # rows of the list sheet in one periodic report
TEMPLATES_DIR = Path(__file__).parent / "templates"  # also searched by the dashboard


@dataclass(frozen=True)
class Generated:
    """What generating did: the stored report's ids and whether it was created now."""

    report_id: int
    public_id: str  # what download links carry
    created: bool
    figures: Figures | None  # set when the files were built now (created or replaced)


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(default=True),
    )


def render_html(
    kind: str, start: date, fig: Figures, created: datetime, scope: str | None = None
) -> str:
    """The printable A4 page (self-contained: inline CSS and SVG charts); `scope` names wards."""
    return (
        _templates()
        .get_template("periodic_print.html")
        .render(
            m=MESSAGES,
            title=period_heading(kind, start),
            generated=t("stats_report_generated", at=format_datetime(created)),
            scope=t("stats_report_scope", places=scope) if scope else "",
            tables=shown_tables(fig),
            charts=figure_charts(fig),
        )
    )


def period_filter(kind: str, start: date, place_codes: frozenset[str] | None = None) -> StatsFilter:
    """Every report received in the period (in these wards; None: everywhere)."""
    return StatsFilter(
        start=day_start(start), end=day_start(period_end(kind, start)), place_codes=place_codes
    )


def scope_names(place_codes: frozenset[str] | None) -> str | None:
    """The wards' names for the report's heading (None: the whole province)."""
    if not place_codes:
        return None
    return ", ".join(sorted(place_name(code) or code for code in place_codes))


async def build_files(
    stats: StatsQueries,
    kind: str,
    start: date,
    now: datetime,
    place_codes: frozenset[str] | None = None,
) -> tuple[Figures, bytes, str]:
    """Figures, XLSX bytes and HTML of one period (heavy parts in a worker thread)."""
    filt = period_filter(kind, start, place_codes)
    fig = await collect(stats, filt, now)
    book = await asyncio.to_thread(summary_workbook, fig)
    await fill_list(book, stats.export_batches(filt, limit=LIST_LIMIT), with_text=False)
    xlsx = await asyncio.to_thread(book.to_bytes)
    names = scope_names(place_codes)
    html = await asyncio.to_thread(render_html, kind, start, fig, now, names)
    return fig, xlsx, html


async def generate(
    db: Database,
    kind: str,
    start: date,
    *,
    replace: bool = False,
    now: datetime | None = None,
    place_codes: frozenset[str] | None = None,
) -> Generated:
    """Store the report of this period and wards unless it exists (or replace it when asked).

    `place_codes` limits the report to those wards (None: the whole province).
    """
    now = now or datetime.now(UTC)
    period_start = day_start(start)
    codes = place_codes or None
    scope = scope_key(codes)
    async with db.uow() as uow:
        existing = await uow.generated_reports.find(kind, period_start, scope)
        if existing is not None and not replace:
            return Generated(existing.id, existing.public_id, created=False, figures=None)
        fig, xlsx, html = await build_files(uow.stats, kind, start, now, codes)
        if existing is not None:
            existing.xlsx, existing.html, existing.created_at = xlsx, html, now
            await uow.commit()
            log.info("periodic report %s %s [%s] regenerated", kind, start, scope)
            return Generated(existing.id, existing.public_id, created=False, figures=fig)
        try:
            row = await uow.generated_reports.add(
                kind, period_start, day_start(period_end(kind, start)), now, xlsx, html, scope
            )
            await uow.commit()
        except IntegrityError:  # another worker stored it a moment ago
            log.info("periodic report %s %s already stored by another worker", kind, start)
        else:
            log.info("periodic report %s %s generated (%d reports)", kind, start, fig.total)
            return Generated(row.id, row.public_id, created=True, figures=fig)
    async with db.uow() as uow:  # the failed unit was rolled back on leaving it
        found = await uow.generated_reports.find(kind, period_start, scope)
        if found is None:
            return Generated(0, "", created=False, figures=None)
        return Generated(found.id, found.public_id, created=False, figures=None)
