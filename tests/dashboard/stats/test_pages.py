"""``/thong-ke`` over real HTTP: access by role, limited officers, charts, exports, reports."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import AuditEntry
from tests.dashboard.staff_support import add_staff, browser, login, page_token
from tests.e2e.service import free_port, running_service, service_settings
from tests.reporting.seed import SPECS, seed
from tests.support.fake_bot_api import FakeBotApi

PASSWORD = "mat-khau-an-toan"
QUERY = "tu=2026-03-02&den=2026-03-15"
LEADERS = -100888
KPI_TOTAL = re.compile(r'kpi-label">Tổng số phản ánh</span><span class="kpi-value">(\d+)<')


async def test_page_exports_and_reports_for_leadership(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    codes = await seed(sessions, SPECS)
    await add_staff(sessions, "lanhdao", PASSWORD, "lanh_dao")
    settings = service_settings(None, db_url, free_port())
    async with running_service(settings) as base, browser() as client:
        async with client.get(f"{base}/thong-ke", allow_redirects=False) as anonymous:
            assert anonymous.status == 303 and "/dang-nhap" in anonymous.headers["Location"]
        await login(client, base, "lanhdao", PASSWORD)
        async with client.get(f"{base}/thong-ke?{QUERY}") as page:
            assert page.status == 200
            html = await page.text()
        assert "<svg" in html and "<script" not in html
        assert KPI_TOTAL.search(html).group(1) == "5"  # type: ignore[union-attr]
        assert "Giao thông (đường, cầu, đèn tín hiệu)" in html
        assert "Phường Bắc Giang" in html

        async with client.get(f"{base}/thong-ke/xuat/danh-sach.csv?{QUERY}") as response:
            assert response.status == 200
            body = await response.read()
        assert body.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0][:7] == [
            "Mã",
            "Ngày gửi",
            "Loại",
            "Mức độ",
            "Trạng thái",
            "Xã/phường",
            "Huyện cũ",
        ]
        assert "Hạn xử lý" in rows[0]
        assert sorted(r[0] for r in rows[1:]) == sorted(codes[:5])
        assert "0912" not in body.decode("utf-8-sig")  # phone typed in the text is masked
        assert "Nguyễn Văn An" not in body.decode("utf-8-sig")
        # Leadership may not read reports: no text column, no typed address, no text.
        assert "Nội dung" not in rows[0] and "Ổ gà lớn" not in body.decode("utf-8-sig")

        async with client.get(f"{base}/thong-ke/xuat/danh-sach.xlsx?{QUERY}") as response:
            book = load_workbook(io.BytesIO(await response.read()))
        sheet_rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert sheet_rows[0][0] == "Mã" and len(sheet_rows) == 6
        assert "Nội dung" not in sheet_rows[0] and "Địa điểm người dân nêu" not in sheet_rows[0]

        async with client.get(f"{base}/thong-ke/xuat/tong-hop.csv?{QUERY}") as response:
            summary = (await response.read()).decode("utf-8-sig")
        assert "Tổng số phản ánh,5" in summary
        async with client.get(f"{base}/thong-ke/xuat/tong-hop.xlsx?{QUERY}") as response:
            book = load_workbook(io.BytesIO(await response.read()))
        assert any(sheet._charts for sheet in book.worksheets)

        token = await page_token(client, f"{base}/thong-ke/bao-cao")
        async with client.post(
            f"{base}/thong-ke/bao-cao",
            allow_redirects=False,
            data={"kind": "weekly", "start": "2026-03-02"},
        ) as response:
            assert response.status == 403  # no CSRF token
        async with client.post(
            f"{base}/thong-ke/bao-cao",
            allow_redirects=False,
            data={"csrf_token": token, "kind": "weekly", "start": "2026-03-03"},
        ) as response:
            assert response.status == 400
            assert "thứ Hai" in await response.text()
        async with client.post(
            f"{base}/thong-ke/bao-cao",
            allow_redirects=False,
            data={"csrf_token": token, "kind": "weekly", "start": "2026-03-02"},
        ) as response:
            assert response.status == 303
            location = response.headers["Location"]
        async with client.get(f"{base}{location}") as response:
            listing = await response.text()
        assert "Đã lập Báo cáo tuần kỳ 02/03/2026 – 08/03/2026." in listing
        report_id = re.search(r"/thong-ke/bao-cao/([\w-]+)\.xlsx", listing).group(1)  # type: ignore[union-attr]
        assert not report_id.isdigit() and len(report_id) >= 20  # random, not the row id
        async with client.get(f"{base}/thong-ke/bao-cao/{report_id}.xlsx") as response:
            book = load_workbook(io.BytesIO(await response.read()))
        assert book["Tổng hợp"].cell(3, 2).value == 2
        async with client.get(f"{base}/thong-ke/bao-cao/{report_id}.html") as response:
            assert "<svg" in await response.text()
        async with client.get(f"{base}/thong-ke/bao-cao/999999.html") as response:
            assert response.status == 404
    async with sessions() as session:
        audit = (
            (await session.execute(select(AuditEntry).where(AuditEntry.action == "stats_generate")))
            .scalars()
            .all()
        )
    assert [(a.actor, a.target) for a in audit] == [("lanhdao", "weekly:2026-03-02")]


async def test_limited_officer_sees_only_their_commune(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    codes = await seed(sessions, SPECS)
    await add_staff(sessions, "canbo", PASSWORD, "can_bo", communes=("9187",))
    await add_staff(sessions, "tuyentruyen", PASSWORD, "tuyen_truyen")
    async with running_service(service_settings(None, db_url, free_port())) as base:
        async with browser() as client:
            await login(client, base, "canbo", PASSWORD)
            async with client.get(f"{base}/thong-ke?{QUERY}") as page:
                html = await page.text()
            assert KPI_TOTAL.search(html).group(1) == "1"  # type: ignore[union-attr]
            assert "Phường Kinh Bắc" in html and "Phường Bắc Giang" not in html
            assert "<svg" in html
            async with client.get(f"{base}/thong-ke?{QUERY}&dia_ban=7210") as page:
                html = await page.text()
            assert KPI_TOTAL.search(html).group(1) == "1"  # type: ignore[union-attr]
            assert 'role="alert"' in html
            async with client.get(f"{base}/thong-ke/xuat/danh-sach.csv?{QUERY}") as response:
                rows = list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig"))))
            assert [r[0] for r in rows[1:]] == [codes[2]]
        async with browser() as client:
            await login(client, base, "tuyentruyen", PASSWORD)
            async with client.get(f"{base}/thong-ke", allow_redirects=False) as page:
                assert page.status == 403


async def test_generating_sends_the_summary_to_the_leadership_chat(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await seed(sessions, SPECS)
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with FakeBotApi() as api:
        settings = service_settings(
            api, db_url, free_port(), leadership_telegram_chat_id=str(LEADERS)
        )
        async with running_service(settings) as base, browser() as client:
            await login(client, base, "quantri", PASSWORD)
            token = await page_token(client, f"{base}/thong-ke/bao-cao")
            async with client.post(
                f"{base}/thong-ke/bao-cao",
                allow_redirects=False,
                data={"csrf_token": token, "kind": "monthly", "start": "2026-03-01"},
            ) as response:
                assert response.status == 303
            messages = await api.wait_for_messages(LEADERS, 1)
    assert "Báo cáo tháng (01/03/2026 – 31/03/2026)" in (messages[0].text or "")
    assert "Tổng số phản ánh: 5" in (messages[0].text or "")
