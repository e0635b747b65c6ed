"""The statistics filter from a query string: dates, category, area, and the viewer's scope."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from domain.catalogue import category_label, t
from domain.taxonomy import CATEGORY_CODES
from reporting.periods import day_start
from reporting.places import area_codes, districts, ward_names
from storage.stats_queries import StatsFilter

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30
MAX_DAYS = 731


@dataclass(frozen=True)
class FilterForm:
    """What the filter form shows: the chosen values, the choices, and what was wrong."""

    start: date
    end: date  # inclusive
    category: str
    area: str
    categories: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    error: str | None


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(t("stats_bad_date")) from None


def _area_choices(scope: frozenset[str] | None) -> list[tuple[str, str]]:
    wards = [(code, name) for code, name in ward_names().items() if scope is None or code in scope]
    if scope is not None:
        return wards
    return [*districts().items(), *wards]


def parse_filter(
    query: Mapping[str, str], scope: frozenset[str] | None, today: date
) -> tuple[StatsFilter, FilterForm]:
    """The filter for the query (``tu``, ``den``, ``linh_vuc``, ``dia_ban``) within `scope`.

    `scope` is the viewer's communes (None: everywhere). Bad values fall back to the default
    (last 30 days, everything) with a message, never an error page.
    """
    errors: list[str] = []
    end, start = today, today - timedelta(days=DEFAULT_DAYS - 1)
    try:
        end = _parse_day(query.get("den")) or end
        start = _parse_day(query.get("tu")) or min(start, end)
        if start > end or (end - start).days > MAX_DAYS:
            raise ValueError(t("stats_bad_range"))
    except ValueError as exc:
        errors.append(str(exc))
        end, start = today, today - timedelta(days=DEFAULT_DAYS - 1)
    category, area = query.get("linh_vuc", ""), query.get("dia_ban", "")
    if category and category not in CATEGORY_CODES:
        errors.append(t("stats_bad_category"))
        category = ""
    codes = area_codes(area) if area else None
    if area and (codes is None or (scope is not None and not codes & scope)):
        errors.append(t("stats_bad_area"))
        area, codes = "", None
    error = t("stats_bad_filter", detail="; ".join(errors)) if errors else None
    if error:
        log.info("statistics: bad filter %s: %s", dict(query), error)
    places = codes if scope is None else (scope if codes is None else codes & scope)
    filt = StatsFilter(
        start=day_start(start),
        end=day_start(end + timedelta(days=1)),
        category=category or None,
        place_codes=places,
    )
    categories = [(code, category_label(code)) for code in CATEGORY_CODES]
    form = FilterForm(start, end, category, area, categories, _area_choices(scope), error)
    return filt, form
