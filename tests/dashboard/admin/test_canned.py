"""Canned replies over real HTTP: admins keep them per unit, officers see their unit's ones."""

from __future__ import annotations

import html

from sqlalchemy import select

from domain.catalogue import t
from storage.models import AuditEntry
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report
from tests.dashboard.reports.test_pages import PASSWORD, Sessions, get
from tests.dashboard.staff_support import add_staff, browser, dashboard, login, page_token

PATH = "/quan-tri/mau-tra-loi"


async def test_admins_keep_canned_replies_per_unit(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    await add_staff(sessions, "canbo", PASSWORD, "can_bo", (BAC_GIANG[0],))
    report = await add_report(sessions, "Cống tắc trước chợ")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        replies = [
            ("", "Cảm ơn", "Cảm ơn bác đã phản ánh, chúng tôi đang xử lý."),
            (BAC_GIANG[0], "Đã cử đội", "Phường Bắc Giang đã cử đội kiểm tra."),
            (KINH_BAC[0], "Riêng Kinh Bắc", "Phường Kinh Bắc đã tiếp nhận."),
        ]
        for unit, title, text in replies:
            token = await page_token(client, base + PATH)
            form = {"csrf_token": token, "unit": unit, "title": title, "text": text}
            async with client.post(base + PATH, data=form, allow_redirects=False) as response:
                assert response.status == 303
        page = html.unescape((await get(client, base + PATH))[1])
        assert t("cr_ok_added", title="Riêng Kinh Bắc") in page  # from the server, once
        assert all(title in page for _, title, _ in replies)
        token = await page_token(client, base + PATH)
        bad = {"csrf_token": token, "unit": "không-có", "title": "x", "text": "y"}
        async with client.post(base + PATH, data=bad, allow_redirects=False) as response:
            assert response.status == 400 and t("cr_err_unit") in await response.text()

    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "canbo", PASSWORD)
        assert (await get(client, base + PATH))[0] == 403
        page = html.unescape((await get(client, f"{base}/phan-anh/{report.code}"))[1])
        assert 'class="canned"' in page
        assert "Cảm ơn bác đã phản ánh" in page and "Phường Bắc Giang đã cử đội" in page
        assert "Riêng Kinh Bắc" not in page  # another unit's reply
    async with sessions() as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert actions.count("canned_reply_add") == 3
