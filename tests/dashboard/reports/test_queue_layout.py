"""In Chromium: the queue at 1366×768 and at 390 px shows the first report without scrolling."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, async_playwright, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.dashboard.reports.support import add_report
from tests.dashboard.staff_support import add_staff, dashboard
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium

PASSWORD = "mat-khau-quan-tri-1"


async def _queue_screenshot(
    browser: Browser, base: str, width: int, height: int, path: Path
) -> dict[str, Any]:
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    await page.goto(f"{base}/phan-anh")
    await page.fill("input[name=username]", "quantri")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit].primary")
    await expect(page.locator("#queue-table")).to_be_visible()
    await page.screenshot(path=str(path))
    print(f"queue screenshot {width}x{height}: {path}")
    first = await page.locator("#queue-table tbody tr").first.bounding_box()
    code = await page.locator("#queue-table tbody tr td.code a").first.bounding_box()
    scroll_width = await page.evaluate("document.documentElement.scrollWidth")
    filters_open = await page.evaluate("document.getElementById('filters-box').open")
    await context.close()
    assert first is not None and code is not None
    return {
        "bottom": first["y"] + first["height"],
        "code_height": code["height"],
        "scroll": scroll_width,
        "filters_open": filters_open,
    }


async def test_first_report_visible_without_scrolling_on_desktop_and_phone(
    db_url: str, sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    late = datetime.now(UTC) - timedelta(days=28)
    await add_report(
        sessions,
        "Ổ gà rất sâu giữa đường Lê Lợi, xe máy ngã liên tục vào buổi tối, đề nghị xử lý gấp",
        urgency="cao",
        age=timedelta(days=30),
        accept_due_at=late,
        resolve_due_at=late,
        assigned_unit="UBND phường Bắc Giang",
    )
    for n in range(5):
        await add_report(sessions, f"Đèn đường số {n} bị hỏng")
    async with dashboard(db_url) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        try:
            # QUEUE_SCREENSHOTS=docs/screenshots keeps the pictures the README points to.
            shots = Path(os.environ.get("QUEUE_SCREENSHOTS") or tmp_path)
            shots.mkdir(parents=True, exist_ok=True)
            desktop = await _queue_screenshot(browser, base, 1366, 768, shots / "queue-1366.png")
            phone = await _queue_screenshot(browser, base, 390, 844, shots / "queue-390.png")
        finally:
            await browser.close()
    print(desktop, phone)
    assert desktop["bottom"] <= 768
    assert phone["bottom"] <= 844
    assert desktop["code_height"] < 30 and phone["code_height"] < 30  # codes stay on one line
    assert phone["scroll"] <= 390  # cards, no sideways scrolling
    assert desktop["filters_open"] and not phone["filters_open"]  # folded on the phone
