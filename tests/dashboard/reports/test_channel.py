"""The queue shows the channel each report came from and filters by it (SQLite and PostgreSQL)."""

from __future__ import annotations

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from tests.dashboard.reports.support import add_report
from tests.dashboard.staff_support import add_staff, browser, dashboard, login

PASSWORD = "mat-khau-an-toan"


async def page(client: aiohttp.ClientSession, url: str) -> str:
    async with client.get(url) as response:
        assert response.status == 200
        return await response.text()


async def test_the_queue_has_a_channel_column_and_filter(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    on_zalo = await add_report(sessions, "Đèn đường thôn Đông hỏng", channel="zalo")
    on_telegram = await add_report(sessions, "Cống thôn Tây bị tắc")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        everything = await page(client, f"{base}/phan-anh")
        assert f">{t('rq_col_channel')}</a></th>" in everything  # a sortable column
        assert '<option value="zalo">Zalo</option>' in everything
        cell = f'<td data-label="{t("rq_col_channel")}">'
        assert f"{cell}Zalo</td>" in everything and f"{cell}Telegram</td>" in everything
        only_zalo = await page(client, f"{base}/phan-anh?kenh=zalo")
        assert on_zalo.code in only_zalo and on_telegram.code not in only_zalo
        assert '<option value="zalo" selected>' in only_zalo
        async with client.get(f"{base}/phan-anh/so-luong?kenh=zalo") as response:
            assert (await response.json())["open"] == 1
        unknown = await page(client, f"{base}/phan-anh?kenh=fax")
        assert t("rq_err_value", value="fax") in unknown and on_telegram.code in unknown
