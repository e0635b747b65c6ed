"""The report page proposes the ward's reports of the same pothole on the same street (HTTP, SQLite
and PostgreSQL), even when one was filed under another category."""

from __future__ import annotations

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.dashboard.reports.support import add_report
from tests.dashboard.staff_support import add_staff, browser, dashboard, login

Sessions = async_sessionmaker[AsyncSession]
PASSWORD = "Mật-khẩu-đủ-dài-2025"


async def proposed(client: aiohttp.ClientSession, base: str, code: str) -> str:
    async with client.get(f"{base}/phan-anh/{code}", allow_redirects=False) as response:
        assert response.status == 200
        page = await response.text()
    return page.split('id="trung-lap"', 1)[1] if 'id="trung-lap"' in page else ""


async def test_two_reports_of_a_pothole_on_le_loi_are_proposed(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    first = await add_report(sessions, "ổ gà đường Lê Lợi")
    second = await add_report(sessions, "le loi o ga to qua, di xe sap")
    drained = await add_report(
        sessions, "Đường Lê Lợi có hố to đọng nước, đi xe rất sợ", category="thoat_nuoc"
    )
    elsewhere = await add_report(sessions, "Mất điện cả xóm từ sáng", category="dien")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        section = await proposed(client, base, first.code)
        assert second.code in section and drained.code in section
        assert elsewhere.code not in section
