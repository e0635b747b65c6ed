"""In Chromium: the map page draws the filtered reports as pins and clusters over local tiles.

Tiles come from a small local server (``MAP_TILE_URL`` points at it), so nothing leaves the
machine and the page's CSP is checked with a real tile host that is not the dashboard.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp import web
from playwright.async_api import Browser, async_playwright, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.reports.map import ward_centres
from nlp.gazetteer import distance_km
from tests.dashboard.reports.support import BAC_GIANG, add_report
from tests.dashboard.staff_support import add_staff, dashboard
from tests.e2e.service import free_port
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium

PASSWORD = "mat-khau-quan-tri-1"
CLUSTERED = 24  # pins a few hundred metres apart in one ward: drawn as clusters


def _png(size: int = 256) -> bytes:
    """A plain light-grey PNG tile."""
    row = b"\x00" + b"\xdd\xdd\xdd" * size
    raw = zlib.compress(row * size)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@asynccontextmanager
async def tile_server() -> AsyncIterator[tuple[str, list[str]]]:
    """A local tile server: its URL template and the paths it was asked for."""
    tile, asked = _png(), []

    async def serve(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(body=tile, content_type="image/png")

    app = web.Application()
    app.router.add_get("/{z}/{x}/{y}.png", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png", asked
    finally:
        await runner.cleanup()


def _distant_wards(count: int) -> list[str]:
    """Wards whose centres are far apart (each report there stays a single pin)."""
    centres, picked = ward_centres(), []
    for code, (lat, lon) in sorted(centres.items(), key=lambda kv: kv[1][1]):
        if code != BAC_GIANG[0] and all(
            distance_km(lat, lon, *centres[other]) > 25 for other in picked
        ):
            picked.append(code)
    return picked[:count]


async def _open_map(browser: Browser, base: str, width: int, height: int, shot: Path) -> Any:
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    await page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    errors: list[str] = []
    # Failed requests are listed by URL (the browser's own favicon request aside).
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"{base}/phan-anh/ban-do")
    await page.fill("input[name=username]", "quantri")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit].primary")
    await expect(page.locator("#report-map[data-ready]")).to_have_count(1)
    await expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()
    await page.wait_for_load_state("networkidle")
    await page.screenshot(path=str(shot))
    clusters = page.locator(".marker-cluster")
    singles = page.locator(".leaflet-marker-icon.map-marker")
    in_clusters = sum(
        int(text) for text in await page.locator(".marker-cluster span").all_inner_texts()
    )
    result = {
        "clusters": await clusters.count(),
        "singles": await singles.count(),
        "in_clusters": in_clusters,
        "tiles": await page.locator(".leaflet-tile-loaded").count(),
        "map_box": await page.locator("#report-map").bounding_box(),
        "scroll": await page.evaluate("document.documentElement.scrollWidth"),
    }
    await singles.first.click()
    popup = page.locator(".leaflet-popup-content .map-popup")
    await expect(popup).to_be_visible()
    result["popup_code"] = await popup.locator(".map-code").inner_text()
    result["popup_link"] = await popup.locator("a.map-open").get_attribute("href")
    result["popup_text"] = await popup.inner_text()
    result["csp"] = await page.evaluate("window.__csp")
    result["errors"] = errors
    await context.close()
    return result


async def test_map_renders_pins_and_clusters_at_desktop_and_phone_widths(
    db_url: str, sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    for n in range(CLUSTERED):
        await add_report(
            sessions, f"Đèn đường số {n} bị hỏng", latitude=21.28 + n * 0.001, longitude=106.2
        )
    distant = _distant_wards(4)
    centres = ward_centres()
    codes = set()
    for code in distant:
        report = await add_report(sessions, "Rác thải ùn ứ", place=(code, f"Xã {code}"))
        codes.add(report.code)
    shots = Path(os.environ.get("MAP_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    async with (
        tile_server() as (tile_url, asked),
        dashboard(db_url, map_tile_url=tile_url) as base,
        async_playwright() as pw,
    ):
        browser = await pw.chromium.launch(**launch_options())
        try:
            desktop = await _open_map(browser, base, 1366, 768, shots / "map-1366.png")
            phone = await _open_map(browser, base, 390, 844, shots / "map-390.png")
        finally:
            await browser.close()
    print({k: v for k, v in desktop.items() if k != "popup_text"})
    print({k: v for k, v in phone.items() if k != "popup_text"})
    total = CLUSTERED + len(distant)
    for seen, width, height in ((desktop, 1366, 768), (phone, 390, 844)):
        assert seen["clusters"] >= 1 and seen["singles"] >= 1
        assert seen["in_clusters"] + seen["singles"] == total  # every report drawn once
        assert seen["tiles"] > 0
        assert seen["csp"] == [] and seen["errors"] == []
        assert seen["scroll"] <= width
        box = seen["map_box"]
        assert box["width"] <= width and box["height"] >= 300
        assert box["y"] + box["height"] <= height  # the whole map without scrolling
        assert seen["popup_link"] == f"/phan-anh/{seen['popup_code']}"
        assert "Lĩnh vực" in seen["popup_text"] and "Trạng thái" in seen["popup_text"]
    assert asked and all(path.endswith(".png") for path in asked)
    assert len(centres) > 50 and len(codes) == 4
