"""In Chromium on a phone-sized screen: turning on two-factor login, then logging in with a code."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from playwright.async_api import async_playwright, expect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from tests.dashboard.auth.test_accounts import ManualClock, served
from tests.dashboard.staff_support import add_staff
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium

PASSWORD = "mat-khau-trinh-duyet"


async def test_admin_scans_the_code_saves_recovery_codes_and_logs_in_with_a_code(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    clock = ManualClock()
    async with served(db_url, clock) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        try:
            context = await browser.new_context(viewport={"width": 390, "height": 844})
            page = await context.new_page()
            await page.goto(f"{base}/phan-anh")
            await page.fill("input[name=username]", "quantri")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button[type=submit].primary")
            await expect(page.locator("p.totp-prompt")).to_contain_text(t("account_totp_prompt"))
            await page.click("p.totp-prompt a")
            await page.wait_for_url(f"{base}/tai-khoan/hai-buoc")
            qr = await page.locator(".totp-qr svg").bounding_box()
            assert qr is not None and 150 <= qr["width"] <= 390 - 32
            secret = (await page.locator(".totp-secret").inner_text()).replace(" ", "")
            code = pyotp.TOTP(secret).at(clock.now)
            await page.fill("input[name=code]", f"{code[:3]} {code[3:]}")
            await page.click("button[type=submit].primary")
            await expect(page.locator("p.ok")).to_have_text(t("account_totp_enabled"))
            await expect(page.locator("ol.recovery-codes li")).to_have_count(10)
            assert await page.locator("p.totp-prompt").count() == 0
            await page.click("form.logout button")
            await page.wait_for_url(f"{base}/dang-nhap?da_dang_xuat=1")

            await page.goto(f"{base}/thong-ke")
            await page.fill("input[name=username]", "quantri")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button[type=submit].primary")
            await page.wait_for_url(f"{base}/dang-nhap/ma-xac-thuc")
            await page.fill("input[name=code]", code)  # the code already used: refused
            await page.click("button[type=submit].primary")
            await expect(page.locator("p.error")).to_have_text(t("account_code_wrong"))
            clock.now += timedelta(seconds=30)
            await page.fill("input[name=code]", pyotp.TOTP(secret).at(clock.now))
            await page.click("button[type=submit].primary")
            await page.wait_for_url(f"{base}/thong-ke")
            await context.close()
        finally:
            await browser.close()
