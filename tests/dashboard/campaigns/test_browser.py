"""A campaign from draft to scheduled in headless Chromium: author, then another approver."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from tests.dashboard.campaigns.support import (
    BAC_GIANG,
    KINH_BAC,
    PASSWORD,
    add_outbox,
    add_subscribers,
    campaign_row,
)
from tests.dashboard.staff_support import add_staff, dashboard
from tests.support.browser import launch_options, needs_chromium

pytestmark = needs_chromium


async def test_author_writes_and_submits_another_person_approves_and_schedules(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    from playwright.async_api import Page, async_playwright

    await add_staff(sessions, "tuyentruyen1", PASSWORD, "tuyen_truyen")
    await add_staff(sessions, "lanhdao1", PASSWORD, "lanh_dao")
    subscribers = await add_subscribers(
        sessions,
        [{"commune_code": BAC_GIANG}, {"commune_code": BAC_GIANG}, {"commune_code": KINH_BAC}],
    )

    async def log_in(page: Page, base: str, username: str) -> None:
        await page.goto(f"{base}/dang-nhap")
        await page.fill("input[name=username]", username)
        await page.fill("input[name=password]", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_load_state()

    async with dashboard(db_url) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        try:
            author = await (await browser.new_context()).new_page()
            await log_in(author, base, "tuyentruyen1")
            await author.goto(f"{base}/chien-dich")
            await author.click(f"text={t('cp_new')}")
            await author.fill("input[name=title]", "Ngày hội hạ tầng")
            await author.fill("textarea[name=text]", "<b>Chung tay</b> vì hạ tầng quê hương")
            await author.select_option("select[name=communes]", [BAC_GIANG])
            size = author.locator("#audience-size")
            await size.filter(has_text=t("cp_audience_size", size=2)).wait_for()
            await author.click(f"button:has-text('{t('cp_save_draft')}')")
            await author.wait_for_url(f"{base}/chien-dich/*")
            campaign_id = int(author.url.rsplit("/", 1)[1])
            await author.click(f"button:has-text('{t('cp_submit')}')")
            await (
                author.locator("#campaign-status")
                .filter(has_text=t("bc_status_submitted"))
                .wait_for()
            )
            assert await author.locator(f"button:has-text('{t('cp_approve')}')").count() == 0
            assert await author.locator("#approval-note").inner_text() == t("cp_note_author_waits")

            leader = await (await browser.new_context()).new_page()
            await log_in(leader, base, "lanhdao1")
            await leader.goto(f"{base}/chien-dich/{campaign_id}")
            await leader.click(f"button:has-text('{t('cp_approve')}')")
            await (
                leader.locator("#flash")
                .filter(has_text=t("cp_ok_approved", id=campaign_id))
                .wait_for()
            )
            await leader.check("input[name=kind][value=now]")
            await leader.click(f"button:has-text('{t('cp_schedule_button')}')")
            await (
                leader.locator("#flash")
                .filter(has_text=t("cp_ok_scheduled", id=campaign_id))
                .wait_for()
            )
            stored = await campaign_row(sessions, campaign_id)
            assert stored.approver == "lanhdao1" and stored.author == "tuyentruyen1"
            assert stored.status in ("scheduled", "sending", "done")

            # The page polls the progress: a delivered row shows up without reloading.
            await add_outbox(sessions, campaign_id, [(subscribers[0], "sent", None)])
            await leader.locator("[data-figure=sent]").filter(has_text="1").wait_for()
        finally:
            await browser.close()
