"""``/phan-anh/ban-do``: the reports of the queue's current filter on a map (Leaflet, vendored).

The same query parameters and scope as the queue (``dashboard.reports.filters``). A report is
placed at its pin; without one, at the centre of its ward when the gazetteer
(``nlp/data/admin_units/bac_ninh_2025_wards.csv``, ``wardLat``/``wardLon``) has it, marked as
approximate; reports with neither are counted, not drawn. Markers carry no report text and no
personal data: code, category, status, place and the link to the report page.

Tiles come from ``MAP_TILE_URL`` (OpenStreetMap by default; a server without internet points
it at its own tile server), and the page's Content-Security-Policy allows images from that host
and nothing else beyond our own scripts and styles (``dashboard.security.map_policy``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from aiohttp import web

from dashboard.auth import actor_of_request, render, require
from dashboard.keys import DATABASE
from dashboard.reports.filters import parse_filter
from dashboard.security import map_policy
from domain.catalogue import category_label, status_label, t, urgency_label
from domain.roles import can_view_reports
from storage.report_map import MapReport

MAP_PATH = "/phan-anh/ban-do"
MAX_MARKERS = 2000
# Bắc Ninh province's centre (the gazetteer's provinceLat/provinceLon): the view with no markers.
PROVINCE_CENTRE = (21.2428, 106.167)
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'


@dataclass(frozen=True)
class MapConfig:
    """Where the map's tiles come from (``MAP_TILE_URL``, ``MAP_TILE_ATTRIBUTION``)."""

    tile_url: str = DEFAULT_TILE_URL
    attribution: str = DEFAULT_ATTRIBUTION
    max_zoom: int = 19


MAP_CONFIG = web.AppKey("map_config", MapConfig)


@lru_cache(maxsize=1)
def ward_centres() -> dict[str, tuple[float, float]]:
    """Current ward code -> its centroid, from the gazetteer."""
    from nlp.gazetteer import gazetteer  # loaded on first use only

    return {unit.code: (unit.lat, unit.lon) for unit in gazetteer().wards if unit.code}


def _marker(report: MapReport, centres: dict[str, tuple[float, float]]) -> dict[str, Any] | None:
    if report.latitude is not None and report.longitude is not None:
        lat, lon, approximate = report.latitude, report.longitude, False
    elif report.place_code and report.place_code in centres:
        (lat, lon), approximate = centres[report.place_code], True
    else:
        return None
    return {
        "code": report.code,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "approximate": approximate,
        "category": category_label(report.category),
        "status": report.status,
        "status_label": status_label(report.status),
        "urgency": report.urgency,
        "urgency_label": urgency_label(report.urgency),
        "place": report.place_name or "",
        "url": f"/phan-anh/{report.code}",
    }


def markers_of(reports: list[MapReport]) -> tuple[list[dict[str, Any]], int]:
    """The markers of these reports and how many reports had no place at all."""
    centres = ward_centres()
    markers: list[dict[str, Any]] = []
    unlocated = 0
    for report in reports:
        marker = _marker(report, centres)
        if marker is None:
            unlocated += 1
        else:
            markers.append(marker)
    return markers, unlocated


def _labels() -> dict[str, str]:
    keys = ("open", "category", "status", "place", "approximate")
    return {key: t(f"map_popup_{key}") for key in keys}


@require(can_view_reports)
async def report_map(request: web.Request) -> web.StreamResponse:
    """The map page for the queue's filter (query string as ``/phan-anh``)."""
    actor = actor_of_request(request)
    parsed = parse_filter(request.query, actor.place_codes)
    config = request.app.get(MAP_CONFIG) or MapConfig()
    async with request.app[DATABASE].uow() as uow:
        reports = await uow.report_map.reports(parsed.flt, datetime.now(UTC), MAX_MARKERS + 1)
    capped = len(reports) > MAX_MARKERS
    markers, unlocated = markers_of(reports[:MAX_MARKERS])
    query = parsed.query_string()
    context = {
        "markers_json": json.dumps(markers, ensure_ascii=False, separators=(",", ":")),
        "labels_json": json.dumps(_labels(), ensure_ascii=False),
        "shown": len(markers),
        "approximate": sum(1 for m in markers if m["approximate"]),
        "unlocated": unlocated,
        "capped": capped,
        "limit": MAX_MARKERS,
        "total": len(reports),
        "errors": parsed.errors,
        "queue_url": "/phan-anh" + (f"?{query}" if query else ""),
        "tile_url": config.tile_url,
        "attribution": config.attribution,
        "max_zoom": config.max_zoom,
        "centre": f"{PROVINCE_CENTRE[0]},{PROVINCE_CENTRE[1]}",
    }
    response = render(request, "map.html", context)
    response.headers["Content-Security-Policy"] = map_policy(config.tile_url)
    return response


def setup(app: web.Application) -> None:
    """Register the map route (before the report code pattern, which it does not match)."""
    app.router.add_get(MAP_PATH, report_map)
