"""Campaign rules a recipient relies on: no https-only promise broken, no cron every minute."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.scheduling import shortest_interval
from domain.catalogue import t
from tests.dashboard.campaigns.support import (
    BAC_GIANG,
    PASSWORD,
    add_subscribers,
    campaign_form,
    campaign_row,
    page,
    post_form,
    token_of,
)
from tests.dashboard.staff_support import add_staff, browser, dashboard, error_of, login

TEXT = "Mời bà con đọc <b>Kết luận 72</b>."


def test_shortest_interval_of_common_schedules() -> None:
    assert shortest_interval("* * * * *") == timedelta(minutes=1)
    assert shortest_interval("0 */6 * * *") == timedelta(hours=6)
    assert shortest_interval("0 8 * * *") == timedelta(days=1)
    assert shortest_interval("0 8 * * 1") == timedelta(days=7)
    assert shortest_interval("0 8,9 1 * *") == timedelta(hours=1)  # twice on the 1st


async def test_http_links_and_too_frequent_schedules_are_refused_with_a_reason(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "tuyentruyen1", PASSWORD, "tuyen_truyen")
    await add_staff(sessions, "lanhdao1", PASSWORD, "lanh_dao")
    await add_subscribers(sessions, [{"commune_code": BAC_GIANG}])
    async with dashboard(db_url) as base, browser() as author, browser() as leader:
        assert (await login(author, base, "tuyentruyen1", PASSWORD)).status == 303
        _, html = await page(author, f"{base}/chien-dich/moi")
        token = token_of(html)
        fields = {
            "title": "Kết luận 72",
            "format": "html",
            "audience_mode": "filter",
            "communes": [BAC_GIANG],
        }
        plain = '<a href="http://evil.example/kl72">toàn văn</a> ' + TEXT
        status, _, html = await post_form(
            author, f"{base}/chien-dich/moi", campaign_form(token, text=plain, **fields)
        )
        assert status == 400 and error_of(html) == t(
            "html_err_link", href="http://evil.example/kl72"
        )
        status, _, html = await post_form(
            author,
            f"{base}/chien-dich/moi",
            campaign_form(
                token,
                text=TEXT,
                link_text=["Đọc"],
                link_url=["http://mattran.bacninh.gov.vn/kl72"],
                **fields,
            ),
        )
        assert status == 400 and error_of(html)

        status, location, _ = await post_form(
            author, f"{base}/chien-dich/moi", campaign_form(token, text=TEXT, **fields)
        )
        assert status == 303
        campaign_id = int(location.rsplit("/", 1)[1])
        url = f"{base}{location}"
        _, html = await page(author, url)
        await post_form(author, f"{url}/gui-duyet", {"csrf_token": token_of(html)})
        assert (await login(leader, base, "lanhdao1", PASSWORD)).status == 303
        _, html = await page(leader, url)
        await post_form(leader, f"{url}/duyet", {"csrf_token": token_of(html)})
        _, html = await page(leader, url)
        token = token_of(html)
        status, where, _ = await post_form(
            leader, f"{url}/len-lich", {"csrf_token": token, "kind": "cron", "cron": "* * * * *"}
        )
        assert status == 303
        _, html = await page(leader, f"{base}{where}")
        assert t("bc_err_cron_too_often", hours="24") in html
        assert (await campaign_row(sessions, campaign_id)).status == "approved"
        status, _, _ = await post_form(
            leader, f"{url}/len-lich", {"csrf_token": token, "kind": "cron", "cron": "0 8 * * 1"}
        )
        assert status == 303
        stored = await campaign_row(sessions, campaign_id)
        assert stored.status == "scheduled" and stored.cron == "0 8 * * 1"
