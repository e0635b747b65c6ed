"""The map of reports over HTTP: the queue's filter and scope, pins or ward centres, the CSP."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.reports.map import ward_centres
from dashboard.security import map_policy, tile_source
from domain.catalogue import status_label, t
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report
from tests.dashboard.staff_support import add_staff, browser, dashboard, login

PASSWORD = "mat-khau-quan-tri-1"
MARKERS_RE = re.compile(r'data-markers="([^"]*)"')
TILES = "https://tiles.example.vn/{z}/{x}/{y}.png"


async def _markers(client: Any, url: str) -> tuple[list[dict[str, Any]], str, str]:
    async with client.get(url, allow_redirects=False) as response:
        assert response.status == 200, response.status
        page = await response.text()
        policy = response.headers["Content-Security-Policy"]
    found = MARKERS_RE.search(page)
    assert found
    return json.loads(html.unescape(found.group(1))), page, policy


async def test_map_shows_the_filtered_reports_within_the_officers_scope(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    await add_staff(sessions, "canbo.bg", PASSWORD, "can_bo", communes=(BAC_GIANG[0],))
    pinned = await add_report(sessions, latitude=21.2851, longitude=106.2102)
    urgent = await add_report(
        sessions,
        "Dây điện rơi xuống đường",
        category="dien",
        urgency="cao",
        latitude=21.281,
        longitude=106.2,
    )
    ward_only = await add_report(sessions, "Rác thải ùn ứ", category="moi_truong", place=KINH_BAC)
    nowhere = await add_report(sessions, "Không rõ ở đâu", place=None)
    closed = await add_report(sessions, latitude=21.29, longitude=106.21, status="da_giai_quyet")
    async with dashboard(db_url, map_tile_url=TILES) as base:
        async with browser() as admin:
            await login(admin, base, "quantri", PASSWORD)
            markers, page, policy = await _markers(admin, base + "/phan-anh/ban-do")
            by_code = {m["code"]: m for m in markers}
            assert set(by_code) == {pinned.code, urgent.code, ward_only.code}  # open ones
            assert (by_code[pinned.code]["lat"], by_code[pinned.code]["lon"]) == (21.2851, 106.2102)
            assert not by_code[pinned.code]["approximate"]
            centre = ward_centres()[KINH_BAC[0]]
            assert (by_code[ward_only.code]["lat"], by_code[ward_only.code]["lon"]) == centre
            assert by_code[ward_only.code]["approximate"]
            assert by_code[urgent.code]["status_label"] == status_label("moi")
            assert by_code[urgent.code]["url"] == f"/phan-anh/{urgent.code}"
            assert nowhere.code not in page and "Dây điện" not in page  # no report text
            assert t("map_unlocated", count=1) in html.unescape(page)
            assert policy == map_policy(TILES)
            assert "img-src 'self' data: https://tiles.example.vn;" in policy
            assert "script-src 'self';" in policy and "unsafe" not in policy

            markers, _, _ = await _markers(admin, base + "/phan-anh/ban-do?loai=dien")
            assert [m["code"] for m in markers] == [urgent.code]
            markers, _, _ = await _markers(admin, base + "/phan-anh/ban-do?trang_thai=tat_ca")
            assert closed.code in {m["code"] for m in markers}
            async with admin.get(base + "/phan-anh") as response:  # other pages keep theirs
                assert "img-src" not in response.headers["Content-Security-Policy"]
        async with browser() as officer:
            await login(officer, base, "canbo.bg", PASSWORD)
            markers, _, _ = await _markers(officer, base + "/phan-anh/ban-do")
            assert {m["code"] for m in markers} == {pinned.code, urgent.code}
            # Asking for another ward's reports shows none of them.
            markers, _, _ = await _markers(officer, f"{base}/phan-anh/ban-do?xa={KINH_BAC[0]}")
            assert markers == []
        async with (
            browser() as anonymous,
            anonymous.get(base + "/phan-anh/ban-do", allow_redirects=False) as response,
        ):
            assert response.status == 303


def test_tile_sources_allow_only_the_configured_host() -> None:
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_source("https://{s}.tiles.example.vn:8443/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.vn:8443"
    )
    assert tile_source("/ban-do/tiles/{z}/{x}/{y}.png") == "'self'"
    for bad in ("javascript:alert(1)//{z}", "https://a b/{z}", "ftp://x.vn/{z}"):
        try:
            tile_source(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
