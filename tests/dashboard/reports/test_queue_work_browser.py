"""In Chromium: the «N phản ánh mới» banner, bulk changes from the queue, the action panel."""

from __future__ import annotations

import json

import aiohttp
from playwright.async_api import Page, async_playwright, expect

from domain.catalogue import t
from storage.open311 import new_api_key
from storage.uow import UnitOfWork
from tests.dashboard.reports.support import add_report
from tests.dashboard.reports.test_pages import Sessions, load
from tests.dashboard.staff_support import add_staff
from tests.e2e.service import free_port, running_service, service_settings
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium

PASSWORD = "mat-khau-quan-tri-1"
CANNED = "Cảm ơn bác đã phản ánh, phường đã cử đội kiểm tra trong hôm nay."


async def _login(page: Page, base: str) -> None:
    await page.goto(f"{base}/dang-nhap")
    await page.fill("input[name=username]", "quantri")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit].primary")
    await expect(page.locator("h1")).to_be_visible()


async def test_banner_bulk_change_and_action_panel(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    first = await add_report(sessions, "Ổ gà giữa đường thôn Đông")
    second = await add_report(sessions, "Cống tắc trước cổng chợ")
    key = new_api_key()
    async with UnitOfWork(sessions) as uow:
        await uow.open311.add_key("ứng dụng thử", key)
        await uow.queue_work.add_canned_reply("", "Đã cử đội", CANNED, "quantri")
        await uow.commit()
    settings = service_settings(None, db_url, free_port())
    async with (
        running_service(settings) as base,
        aiohttp.ClientSession() as http,
        async_playwright() as playwright,
    ):
        browser = await playwright.chromium.launch(**launch_options())
        try:
            page = await browser.new_page(viewport={"width": 1366, "height": 768})
            await _login(page, base)
            await page.clock.install()  # the list polls every 15 seconds: jump over it
            await page.goto(f"{base}/phan-anh")
            banner = page.locator("#new-reports")
            await expect(banner).to_be_hidden()

            # A report filed through the real service (Open311) while the page is open.
            form = {
                "api_key": key,
                "service_code": "giao_thong",
                "address_string": "Phường Bắc Giang, tỉnh Bắc Ninh",
                "description": "Đèn tín hiệu ngã tư Lê Lợi không hoạt động",
            }
            async with http.post(f"{base}/open311/v2/requests.json", data=form) as response:
                assert response.status == 200, await response.text()
                filed = json.loads(await response.text())[0]["service_request_id"]
            await expect(page.locator(f"tr[data-code='{filed}']")).to_have_count(0)
            await page.clock.fast_forward("00:16")
            await expect(banner).to_be_visible()
            await expect(banner).to_contain_text(t("rq_new_reports", n=1))
            await page.click("#new-reports-reload")  # one click loads them
            await expect(page.locator(f"tr[data-code='{filed}']")).to_be_visible()
            await expect(banner).to_be_hidden()

            # Bulk: tick two reports, the form appears; change their status at once.
            bulk = page.locator("#bulk-form")
            await expect(bulk).to_be_hidden()
            await page.check(f"input[name=ma][value='{first.code}']")
            await page.check(f"input[name=ma][value='{second.code}']")
            await expect(bulk).to_be_visible()
            await expect(page.locator("#bulk-count")).to_have_text(t("rq_bulk_selected", n=2))
            await page.select_option("#bulk-action", "trang-thai")
            await page.select_option("#bulk-form select[name=status]", "dang_xu_ly")
            await page.click("#bulk-form button[type=submit]")
            await expect(page.locator("p.ok[role=status]")).to_contain_text(t("rq_bulk_done", n=2))
            assert (await load(sessions, first.code)).status == "dang_xu_ly"
            assert (await load(sessions, second.code)).status == "dang_xu_ly"

            # The report page: one form at a time behind tabs; a canned reply fills the text.
            await page.goto(f"{base}/phan-anh/{first.code}")
            panel = page.locator("#thao-tac")
            await expect(panel.locator("form.pane:visible")).to_have_count(1)
            box = await panel.bounding_box()
            assert box is not None
            print(f"action panel height: {box['height']:.0f} px")
            assert box["height"] < 768  # one screen, not ~1,500 px of stacked forms
            await page.click("[data-tab=form-reply]")
            await expect(page.locator("#form-reply")).to_be_visible()
            await expect(panel.locator("form.pane:visible")).to_have_count(1)
            await page.select_option("#form-reply select.canned", label="Đã cử đội")
            await expect(page.locator("#reply-text")).to_have_value(CANNED)
            await page.click("#form-reply button[type=submit]")
            await expect(page.locator("#flash")).to_contain_text(
                t("rp_ok_tra_loi", code=first.code)
            )
            await expect(page.locator(".timeline")).to_contain_text(CANNED)
        finally:
            await browser.close()
