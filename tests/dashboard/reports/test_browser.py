"""End to end in a real headless Chromium: a Telegram citizen's report triaged on the dashboard."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from playwright.async_api import Page, async_playwright, expect

from domain.catalogue import t
from storage.database import create_engine, session_factory
from tests.dashboard.reports.support import add_report
from tests.e2e.service import TelegramUser, free_port, running_service, service_settings
from tests.e2e.test_telegram import consent, report_until_code
from tests.support.browser import launch_options, needs_chromium
from tests.support.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "mat-khau-quan-tri-1"
STATUS_NOTE = "Điện lực đã cử đội đến kiểm tra trong sáng nay"
REPLY = "Cảm ơn bác đã báo, đề nghị bà con tránh xa khu vực dây điện."

pytestmark = needs_chromium


async def add_admin_with_the_cli(db_url: str) -> None:
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "staff", "add", "quantri", "--role", "admin"],
        input=PASSWORD + "\n",
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


async def flash(page: Page) -> str:
    message = page.locator("#flash")
    await expect(message).to_be_visible()
    return await message.inner_text()


async def test_staff_triage_a_telegram_report_in_the_browser(
    api: FakeBotApi, tmp_path: Path
) -> None:
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"
    settings = service_settings(api, db_url, free_port())
    async with running_service(settings) as base, async_playwright() as playwright:
        user = TelegramUser(api, 7001)
        await consent(user)
        code = await report_until_code(user, api, b"\xff\xd8\xff\xe0photo")
        await add_admin_with_the_cli(db_url)
        browser = await playwright.chromium.launch(**launch_options())
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/phan-anh")  # not logged in: the login form
            await page.fill("input[name=username]", "quantri")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button[type=submit].primary")
            await expect(page).to_have_url(f"{base}/phan-anh")

            await page.clock.install()  # live counts: jump over the 15-second refresh
            await page.goto(f"{base}/phan-anh")
            new_count = page.locator("#status-counts [data-count='moi']")
            await expect(new_count).to_have_text("1")
            engine = create_engine(db_url)
            await add_report(session_factory(engine), "Rác thải ùn ứ ở cổng chợ")
            await engine.dispose()
            await page.clock.fast_forward("00:16")
            await expect(new_count).to_have_text("2")  # without reloading the page

            await page.select_option("select[name=loai]", "dien")
            await page.fill("input[name=q]", "cot dien do")  # no diacritics
            await page.click("#queue-filter button[type=submit]")
            await expect(page.locator("table.queue tbody tr")).to_have_count(1)
            await expect(page.locator(f"tr[data-code='{code}']")).to_be_visible()
            await page.fill("input[name=q]", "mất nước")
            await page.click("#queue-filter button[type=submit]")
            await expect(page.locator("table.queue")).to_have_count(0)
            await page.fill("input[name=q]", "")
            await page.click("#queue-filter button[type=submit]")

            await page.click(f"a[href='/phan-anh/{code}']")
            await expect(page.locator("h1")).to_contain_text(code)
            await expect(page.locator("#report-text")).to_contain_text("Cột điện đầu ngõ 12")
            await expect(page.locator("#osm-link")).to_have_attribute(
                "href",
                "https://www.openstreetmap.org/?mlat=21.284900&mlon=106.215000"
                "#map=17/21.284900/106.215000",
            )
            await expect(page.locator(".photos img")).to_have_count(1)

            await page.click("[data-tab=form-status]")  # the actions are tabs of one panel
            await page.select_option("#form-status select[name=status]", "dang_xu_ly")
            await page.fill("#form-status textarea[name=public_note]", STATUS_NOTE)
            await page.click("#form-status button[type=submit]")
            assert t("rp_ok_trang_thai", code=code) in await flash(page)
            await expect(page.locator("h1 .badge").first).to_have_text("Đang xử lý")

            await page.click("[data-tab=form-reply]")
            await page.fill("#form-reply textarea[name=text]", REPLY)
            await page.click("#form-reply button[type=submit]")
            assert t("rp_ok_tra_loi", code=code) in await flash(page)
            await expect(page.locator(".timeline")).to_contain_text(REPLY)

            for width, height in ((1366, 768), (390, 844)):  # an office screen and a phone
                await page.set_viewport_size({"width": width, "height": height})
                for path in ("/phan-anh", "/thong-ke"):
                    await page.goto(f"{base}{path}")
                    await expect(page.locator("h1")).to_be_visible()
                    page_width = await page.evaluate("document.documentElement.scrollWidth")
                    assert page_width <= width, f"{path} is {page_width} px wide at {width} px"
        finally:
            await browser.close()
        status_messages = await user.wait_for(STATUS_NOTE)
        assert "Đang xử lý" in (status_messages[-1].text or "")
        replies = await user.wait_for(REPLY)
        assert code in (replies[-1].text or "")
