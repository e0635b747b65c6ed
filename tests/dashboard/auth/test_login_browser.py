"""Logging in through the real form in headless Chromium and seeing the navigation."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from tests.dashboard.staff_support import add_staff, dashboard
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium


async def test_admin_logs_in_with_the_form_and_sees_the_navigation(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    from playwright.async_api import async_playwright

    await add_staff(sessions, "quantri", "mat-khau-trinh-duyet", "admin")
    async with dashboard(db_url) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/quan-tri/can-bo")
            assert page.url.startswith(f"{base}/dang-nhap?next=")
            await page.fill("input[name=username]", "quantri")
            await page.fill("input[name=password]", "sai-mat-khau")
            await page.click("button[type=submit]")
            error = page.locator("p.error")
            assert (await error.inner_text()).strip() == t("login_failed", attempts=5, minutes="15")
            await page.fill("input[name=password]", "mat-khau-trinh-duyet")
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/quan-tri/can-bo")
            nav = [text.strip() for text in await page.locator("nav.nav li a").all_inner_texts()]
            expected = ["nav_reports", "nav_stats", "nav_campaigns", "nav_staff", "nav_audit"]
            assert [label for label in nav if label in map(t, expected)] == list(map(t, expected))
            assert await page.locator("h1").inner_text() == t("staff_title")
            await page.click("form.logout button")
            await page.wait_for_url(f"{base}/dang-nhap?da_dang_xuat=1")
            assert t("login_logged_out") in await page.content()
        finally:
            await browser.close()
