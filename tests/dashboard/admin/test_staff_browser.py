"""In Chromium: the admin sees why a password is refused, and only messages the server set."""

from __future__ import annotations

from playwright.async_api import async_playwright, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from tests.dashboard.staff_support import add_staff, dashboard
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium

PASSWORD = "mat-khau-trinh-duyet"


async def test_admin_creates_an_account_and_crafted_links_show_nothing(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with dashboard(db_url) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        try:
            page = await browser.new_page(viewport={"width": 1366, "height": 768})
            await page.goto(f"{base}/dang-nhap")
            await page.fill("input[name=username]", "quantri")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button[type=submit]")
            await page.goto(f"{base}/quan-tri/can-bo")

            form = page.locator("#tao-can-bo")
            await form.locator("input[name=username]").fill("tran.thi.c")
            await form.locator("input[name=password]").fill("matkhau2024")
            await form.locator("button[type=submit]").click()
            await expect(page.locator("p.error")).to_have_text(t("staff_err_password_common"))

            form = page.locator("#tao-can-bo")
            await form.locator("input[name=password]").fill("cau-ben-da-song-thuong")
            await form.locator("button[type=submit]").click()
            done = page.locator("p.ok[role=status]")
            await expect(done).to_have_text(t("staff_ok_created", username="tran.thi.c"))
            await expect(page.locator("body")).to_contain_text("tran.thi.c")

            crafted = "ok=created&u=Li%C3%AAn%20h%E1%BB%87%200999%20%C4%91%E1%BB%83%20nh%E1%BA%ADn"
            await page.goto(f"{base}/quan-tri/can-bo?{crafted}")
            await expect(page.locator("h1")).to_have_text(t("staff_title"))
            await expect(page.locator("p.ok[role=status]")).to_have_count(0)
            assert "Liên hệ 0999" not in await page.locator("body").inner_text()
        finally:
            await browser.close()
