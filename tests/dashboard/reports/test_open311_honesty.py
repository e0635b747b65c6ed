"""In Chromium: a report filed through Open311 says what the officer can and cannot do."""

from __future__ import annotations

import json

from playwright.async_api import Page, async_playwright, expect
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from storage.models import Report
from tests.dashboard.open311.support import open311_api
from tests.dashboard.staff_support import add_staff
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium

PASSWORD = "mat-khau-quan-tri-1"
EMAIL = "nguoi.gui@example.vn"
MEDIA = "https://anh.example.vn/o-ga-le-loi.jpg"
QUESTION = "Ổ gà nằm trước số nhà bao nhiêu ạ?"


async def _flash(page: Page) -> str:
    message = page.locator("#flash")
    await expect(message).to_be_visible()
    return await message.inner_text()


async def test_open311_report_page_is_honest_about_messages(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with open311_api(db_url, sessions) as api, async_playwright() as playwright:
        status, text = await api.post(
            "json",
            {
                "api_key": api.key,
                "service_code": "giao_thong",
                "address_string": "Phường Bắc Giang, tỉnh Bắc Ninh",
                "description": "Ổ gà rất to trên đường Lê Lợi, xe máy dễ ngã",
                "email": EMAIL,
                "media_url": MEDIA,
            },
        )
        assert status == 200, text
        code = json.loads(text)[0]["service_request_id"]
        async with sessions() as session:  # as stored by the urgency model of earlier versions
            await session.execute(
                update(Report)
                .where(Report.code == code)
                .values(urgency="thap", urgency_reasons=["model p(thap)=0.81"])
            )
            await session.commit()

        browser = await playwright.chromium.launch(**launch_options())
        try:
            page = await browser.new_page(viewport={"width": 1366, "height": 768})
            await page.goto(f"{api.base}/dang-nhap")
            await page.fill("input[name=username]", "quantri")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button[type=submit].primary")
            await page.goto(f"{api.base}/phan-anh/{code}")

            warning = t("rp_open311_no_messages")
            await expect(page.locator("#no-messages")).to_have_text(warning)
            await expect(page.locator("#form-reply")).to_contain_text(warning)
            await expect(page.locator("#form-ask")).to_contain_text(warning)
            await expect(page.locator("#requester-email")).to_have_text(EMAIL)
            await expect(page.locator("#media-urls img")).to_have_attribute("src", MEDIA)
            body = await page.locator("body").inner_text()
            assert "p(thap)" not in body and "0.81" not in body and "model" not in body
            assert t("rp_reason_model", level="Thấp") in body

            # No SMTP server configured: no e-mail is offered, and the page says why.
            await expect(page.locator("#form-ask .email-off")).to_have_text(
                t("rq_email_not_configured")
            )
            assert await page.locator("#form-ask input[name=email]").count() == 0
            await page.click("[data-tab=form-ask]")
            await page.fill("#form-ask textarea[name=text]", QUESTION)
            await page.click("#form-ask button[type=submit]")
            shown = await _flash(page)
            assert shown == t("rp_saved_open311", code=code)
            assert t("rp_notified") not in shown and "Đã gửi" not in shown

            await page.click("[data-tab=form-status]")
            await page.select_option("#form-status select[name=status]", "da_giai_quyet")
            await page.click("#form-status button[type=submit]")
            shown = await _flash(page)
            assert t("rp_ok_trang_thai", code=code) in shown
            assert t("rp_open311_not_told") in shown and t("rp_notified") not in shown
        finally:
            await browser.close()

        _, requests = await api.get_json(f"/open311/v2/requests/{code}.json")
    [request] = requests
    assert request["status"] == "closed"
    assert QUESTION not in request["status_notes"]  # resolved without a note: no stale question
    assert request["status_notes"] == "Đã giải quyết"
