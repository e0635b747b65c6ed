"""The queue's daily work over real HTTP: named officers, «Việc của tôi», bulk changes, export."""

from __future__ import annotations

import csv
import html
import io
from datetime import timedelta

import aiohttp
from sqlalchemy import select

from domain.catalogue import status_label, t
from storage.models import AuditEntry, ReportEvent
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report
from tests.dashboard.reports.test_pages import FLASH_RE, PASSWORD, Sessions, get, load, submit
from tests.dashboard.staff_support import add_staff, browser, dashboard, login, page_token


async def _bulk(
    client: aiohttp.ClientSession, base: str, codes: list[str], **fields: str
) -> tuple[str, str]:
    """Post the queue's bulk form like the browser does; the message shown on the queue after."""
    token = await page_token(client, f"{base}/phan-anh")
    data = [("csrf_token", token), ("back", "/phan-anh?trang_thai=tat_ca")]
    data += [("ma", code) for code in codes] + list(fields.items())
    async with client.post(f"{base}/phan-anh/hang-loat", data=data, allow_redirects=False) as r:
        assert r.status == 303 and r.headers["Location"] == "/phan-anh?trang_thai=tat_ca"
    page = (await get(client, f"{base}/phan-anh?trang_thai=tat_ca"))[1]
    found = FLASH_RE.search(page.replace('role="status">', 'role="status" id="flash">', 1))
    assert found, "no message after the bulk form"
    return found.group(1), html.unescape(found.group(2))


async def _events(sessions: Sessions, report_id: int, kind: str) -> list[ReportEvent]:
    async with sessions() as session:
        stmt = select(ReportEvent).where(
            ReportEvent.report_id == report_id, ReportEvent.kind == kind
        )
        return list((await session.execute(stmt)).scalars())


async def test_a_report_goes_to_a_named_officer_of_its_ward(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    officer = await add_staff(sessions, "bacgiang", PASSWORD, "can_bo", (BAC_GIANG[0],))
    outsider = await add_staff(sessions, "kinhbac", PASSWORD, "can_bo", (KINH_BAC[0],))
    report = await add_report(sessions, "Cống tắc trước chợ")
    other = await add_report(sessions, "Đèn hỏng ngõ 3")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        page = (await get(client, f"{base}/phan-anh/{report.code}"))[1]
        assert 'id="form-officer"' in page and "bacgiang" in page and "kinhbac" not in page
        kind, text = await submit(client, base, report.code, "giao-can-bo", staff_id=str(outsider))
        assert kind == "error" and text == t("action_officer_outside", code=report.code)
        kind, text = await submit(client, base, report.code, "giao-can-bo", staff_id=str(officer))
        assert kind == "ok" and text == t("rp_ok_giao_can_bo", code=report.code)
        assert (await load(sessions, report.code)).assigned_staff_id == officer
        page = (await get(client, f"{base}/phan-anh/{report.code}"))[1]
        assert t("rp_event_assign_officer") in page and "– → bacgiang" in html.unescape(page)

        queue = (await get(client, f"{base}/phan-anh"))[1]
        assert html.escape(t("rq_col_officer")) in queue and "sort=nguoi" in queue
        row = queue[queue.index(f'data-code="{report.code}"') :]
        assert "bacgiang" in row[: row.index("</tr>")]

    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "bacgiang", PASSWORD)
        mine = (await get(client, f"{base}/phan-anh?cua_toi=1"))[1]
        assert report.code in mine and other.code not in mine
        assert 'id="tab-mine" aria-current="page"' in mine
        everything = (await get(client, f"{base}/phan-anh"))[1]
        assert report.code in everything and other.code in everything
    async with sessions() as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert "report_assign_officer" in actions


async def test_bulk_changes_respect_the_lifecycle_and_the_scope(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo", (BAC_GIANG[0],))
    officer = await add_staff(sessions, "nguoi2", PASSWORD, "can_bo", (BAC_GIANG[0],))
    first = await add_report(sessions, "Ổ gà 1")
    second = await add_report(sessions, "Ổ gà 2")
    resolved = await add_report(sessions, "Đã xong", status="da_giai_quyet")
    elsewhere = await add_report(sessions, "Kinh Bắc", place=KINH_BAC)
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "canbo", PASSWORD)
        queue = (await get(client, f"{base}/phan-anh"))[1]
        assert 'id="bulk-form"' in queue and f'name="ma" value="{first.code}"' in queue
        codes = [first.code, second.code, resolved.code, elsewhere.code]
        kind, text = await _bulk(client, base, codes, thao_tac="tiep-nhan")
        assert kind == "ok"
        assert t("rq_bulk_done", n=2) in text
        refused = t(
            "action_invalid_transition",
            current=status_label("da_giai_quyet"),
            target=status_label("da_tiep_nhan"),
        )
        assert f"{resolved.code}: {refused}" in text
        assert f"{elsewhere.code}: {t('action_report_not_found', code=elsewhere.code)}" in text
        assert (await load(sessions, first.code)).status == "da_tiep_nhan"
        assert (await load(sessions, second.code)).status == "da_tiep_nhan"
        assert (await load(sessions, resolved.code)).status == "da_giai_quyet"
        assert (await load(sessions, elsewhere.code)).status == "moi"
        for report in (first, second):
            [event] = await _events(sessions, report.id, "status")
            assert event.to_status == "da_tiep_nhan" and event.actor == "canbo"

        kind, text = await _bulk(
            client, base, [first.code, second.code], thao_tac="trang-thai", status="dang_xu_ly"
        )
        assert kind == "ok" and t("rq_bulk_done", n=2) in text
        assert (await load(sessions, second.code)).status == "dang_xu_ly"
        kind, text = await _bulk(
            client, base, [first.code, second.code], thao_tac="giao-can-bo", staff_id=str(officer)
        )
        assert kind == "ok" and t("rq_bulk_done", n=2) in text
        assert (await load(sessions, first.code)).assigned_staff_id == officer
        assert len(await _events(sessions, first.id, "assign_officer")) == 1
        kind, text = await _bulk(client, base, [], thao_tac="tiep-nhan")
        assert kind == "error" and text == t("rq_bulk_none")
    async with sessions() as session:
        audited = (
            await session.execute(
                select(AuditEntry.target).where(AuditEntry.action == "report_status")
            )
        ).scalars()
        assert sorted(audited) == sorted([first.code, second.code] * 2)


async def test_export_map_link_and_new_arrivals_follow_the_filter(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo", (BAC_GIANG[0],))
    road = await add_report(sessions, "Ổ gà đường Lê Lợi", age=timedelta(days=1))
    await add_report(sessions, "Mất điện", category="dien")
    await add_report(sessions, "Ổ gà Kinh Bắc", place=KINH_BAC)
    query = "loai=giao_thong&q=o+ga"
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "canbo", PASSWORD)
        queue = (await get(client, f"{base}/phan-anh?{query}"))[1]
        carried = "trang_thai=mo&amp;loai=giao_thong&amp;q=o+ga"
        assert f'href="/phan-anh/ban-do?{carried}" id="map-link"' in queue
        assert f'href="/phan-anh/xuat.csv?{carried}"' in queue
        async with client.get(f"{base}/phan-anh/xuat.csv?{query}") as response:
            assert response.status == 200
            body = (await response.read()).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][0] == t("stats_col_code")
        assert [r[0] for r in rows[1:]] == [road.code]  # the filter and the officer's ward
        async with client.get(f"{base}/phan-anh/xuat.xlsx?{query}") as response:
            assert response.status == 200 and (await response.read())[:2] == b"PK"

        counts_url = queue.split('data-url="', 1)[1].split('"', 1)[0]
        counts_url = html.unescape(counts_url)
        assert "sau=" in counts_url and "loai=giao_thong" in counts_url
        async with client.get(base + counts_url) as response:
            assert (await response.json())["new"] == 0
        later = await add_report(sessions, "Ổ gà mới ngõ 5")
        await add_report(sessions, "Ổ gà mới Kinh Bắc", place=KINH_BAC)  # not the officer's
        await add_report(sessions, "Mất điện mới", category="dien")  # not the filter
        async with client.get(base + counts_url) as response:
            assert (await response.json())["new"] == 1
        assert later.code not in queue
