"""The queue and report pages over real HTTP: visibility, escaping, forms, CSRF, audit."""

from __future__ import annotations

import html
import re

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from storage.models import AuditEntry, Report, ReportEvent
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report
from tests.dashboard.staff_support import add_staff, browser, dashboard, login, page_token

Sessions = async_sessionmaker[AsyncSession]
PASSWORD = "mat-khau-an-toan"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256))
FLASH_RE = re.compile(r'<p class="(ok|error)" role="status" id="flash">([^<]*)</p>')


async def get(client: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with client.get(url, allow_redirects=False) as response:
        return response.status, await response.text()


async def submit(
    client: aiohttp.ClientSession, base: str, code: str, action: str, **fields: str
) -> tuple[str, str]:
    """Post a report form like the browser does; returns the flash (kind, text) shown after."""
    token = await page_token(client, f"{base}/phan-anh/{code}")
    async with client.post(
        f"{base}/phan-anh/{code}/{action}",
        data={"csrf_token": token, **fields},
        allow_redirects=False,
    ) as posted:
        assert posted.status == 303, posted.status
        assert posted.headers["Location"] == f"/phan-anh/{code}"
    status, page = await get(client, f"{base}/phan-anh/{code}")
    assert status == 200
    found = FLASH_RE.search(page)
    assert found, "no message after the form"
    return found.group(1), html.unescape(found.group(2))


async def load(sessions: Sessions, code: str) -> Report:
    async with sessions() as session:
        return (await session.execute(select(Report).where(Report.code == code))).scalar_one()


async def test_a_limited_officer_sees_only_their_commune(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo", communes=(BAC_GIANG[0],))
    mine = await add_report(sessions, "Ổ gà ở phường Bắc Giang", photo=JPEG)
    other = await add_report(sessions, "Ổ gà ở phường Kinh Bắc", place=KINH_BAC, photo=JPEG)
    async with dashboard(db_url) as base, browser() as client:
        async with client.get(f"{base}/phan-anh/{mine.code}/anh/1", allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"].startswith("/dang-nhap")
        await login(client, base, "canbo", PASSWORD)
        status, queue = await get(client, f"{base}/phan-anh?q=o+ga")
        assert status == 200 and mine.code in queue and other.code not in queue
        assert other.code not in (await get(client, f"{base}/phan-anh?xa={KINH_BAC[0]}"))[1]
        assert (await get(client, f"{base}/phan-anh/{other.code}"))[0] == 404
        async with client.get(
            f"{base}/phan-anh/so-luong?trang_thai=tat_ca", headers={"Accept": "application/json"}
        ) as response:
            counts = await response.json()
        assert counts["counts"]["moi"] == 1 and counts["total"] == 1
        status, page = await get(client, f"{base}/phan-anh/{mine.code}")
        assert status == 200
        photo_urls = re.findall(rf"/phan-anh/{mine.code}/anh/(\d+)", page)
        assert photo_urls
        async with client.get(f"{base}/phan-anh/{mine.code}/anh/{photo_urls[0]}") as response:
            assert response.status == 200
            assert response.content_type == "image/jpeg"
            assert response.headers["Cache-Control"].startswith("private")
            assert await response.read() == JPEG
        async with sessions() as session:
            other_photo = (
                await session.execute(select(Report.id).where(Report.code == other.code))
            ).scalar_one()
        for url in (
            f"/phan-anh/{other.code}/anh/{photo_urls[0]}",
            f"/phan-anh/{mine.code}/anh/{int(photo_urls[0]) + 1}",
            f"/phan-anh/{other.code}/anh/{other_photo}",
        ):
            assert (await get(client, base + url))[0] == 404
        token = await page_token(client, f"{base}/phan-anh/{mine.code}")
        async with client.post(
            f"{base}/phan-anh/{other.code}/ghi-chu",
            data={"csrf_token": token, "text": "x"},
            allow_redirects=False,
        ) as response:
            assert response.status == 404
    assert (await load(sessions, other.code)).updated_at == other.updated_at


async def test_roles_without_report_access_are_refused(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "lanhdao", PASSWORD, "lanh_dao")
    report = await add_report(sessions)
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "lanhdao", PASSWORD)
        assert (await get(client, f"{base}/phan-anh"))[0] == 403
        assert (await get(client, f"{base}/phan-anh/{report.code}"))[0] == 403


async def test_report_text_is_escaped_and_details_are_shown(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> cống tắc'
    report = await add_report(
        sessions,
        evil,
        phone="+84912345678",
        name="Nguyễn Văn An",
        latitude=21.2849,
        longitude=106.215,
        category="thoat_nuoc",
        category_suggested="giao_thong",
        category_confidence=0.62,
        urgency="cao",
        urgency_reasons=["sập"],
    )
    anonymous = await add_report(sessions, "Ẩn danh", phone=None)
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        for url in (f"{base}/phan-anh", f"{base}/phan-anh/{report.code}"):
            page = (await get(client, url))[1]
            assert "<script>alert" not in page and "<img src=x" not in page
            assert "&lt;script&gt;alert(" in page
        page = (await get(client, f"{base}/phan-anh/{report.code}"))[1]
        assert "Nguyễn Văn An" in page and "+84912345678" in page
        assert (
            "https://www.openstreetmap.org/?mlat=21.284900&amp;mlon=106.215000"
            "#map=17/21.284900/106.215000"
        ) in page
        assert "62%" in page and html.escape(t("rp_suggested", category="Giao thông")) in page
        assert t("rp_people", n=1) in page
        anon_page = (await get(client, f"{base}/phan-anh/{anonymous.code}"))[1]
        assert t("rp_anonymous") in anon_page


async def test_actions_through_forms_change_the_report_and_are_audited(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    report = await add_report(
        sessions,
        "Cống trước chợ bị tắc, nước tràn lên đường",
        channel="webchat",
        category="thoat_nuoc",
    )
    twin = await add_report(
        sessions,
        "Cống trước chợ bị tắc nước tràn ra đường",
        channel="webchat",
        category="thoat_nuoc",
    )
    code = report.code
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        kind, text = await submit(client, base, code, "tiep-nhan")
        assert kind == "ok" and t("rp_ok_tiep_nhan", code=code) in text
        assert t("rp_notified") in text  # the web chat got the notice
        kind, text = await submit(client, base, code, "trang-thai", status="moi")
        assert kind == "error" and "Đã tiếp nhận" in text and "Mới gửi" in text
        kind, _ = await submit(
            client,
            base,
            code,
            "trang-thai",
            status="dang_xu_ly",
            public_note="Đội vệ sinh sẽ đến hôm nay",
            internal_note="Gọi anh Bình",
        )
        assert kind == "ok"
        assert (await submit(client, base, code, "tra-loi", text="Cảm ơn bác đã báo"))[0] == "ok"
        assert (await submit(client, base, code, "ghi-chu", text="Chờ xe hút"))[0] == "ok"
        empty = await submit(client, base, code, "tra-loi", text="   ")
        assert empty == ("error", t("action_empty_text"))
        page = (await get(client, f"{base}/phan-anh/{code}"))[1]
        assert twin.code in page.split('id="trung-lap"', 1)[1]  # offered as a duplicate
        kind, _ = await submit(client, base, code, "gop", duplicate=twin.code, main=code)
        assert kind == "ok"
        assert (
            await submit(
                client,
                base,
                code,
                "sua",
                category="moi_truong",
                urgency="cao",
                place_code=KINH_BAC[0],
            )
        )[0] == "ok"
        assert (await submit(client, base, code, "giao", unit="Công ty cấp thoát nước"))[0] == "ok"
        assert (await submit(client, base, code, "han", date="2099-01-15"))[0] == "ok"
        assert (await submit(client, base, code, "han", date="hôm qua"))[1] == t("rp_err_date")
        page = (await get(client, f"{base}/phan-anh/{code}"))[1]
        assert t("rp_people", n=2) in page and "Đội vệ sinh sẽ đến hôm nay" in page
        assert "Gọi anh Bình" in page
    stored = await load(sessions, code)
    assert stored.status == "dang_xu_ly" and stored.category == "moi_truong"
    assert stored.urgency == "cao" and stored.place_code == KINH_BAC[0]
    assert stored.place_name == KINH_BAC[1] and stored.assigned_unit == "Công ty cấp thoát nước"
    assert stored.resolve_due_at.isoformat().startswith("2099-01-15T10:00")  # 17:00 in Vietnam
    merged = await load(sessions, twin.code)
    assert merged.status == "trung_lap" and merged.merged_into_id == stored.id
    async with sessions() as session:
        actions = (
            (
                await session.execute(
                    select(AuditEntry.action).where(
                        AuditEntry.actor == "quantri", AuditEntry.action.like("report_%")
                    )
                )
            )
            .scalars()
            .all()
        )
        kinds = (
            (
                await session.execute(
                    select(ReportEvent.kind).where(ReportEvent.report_id == stored.id)
                )
            )
            .scalars()
            .all()
        )
    assert sorted(actions) == sorted(
        [
            "report_status",
            "report_status",
            "report_reply",
            "report_note",
            "report_correct",
            "report_assign",
            "report_deadline",
            "report_merge",
        ]
    )
    assert sorted(kinds) == sorted(
        [
            "created",
            "status",
            "status",
            "reply",
            "note",
            "correction",
            "assign",
            "deadline",
            "merged_in",
        ]
    )  # the merge itself is the merged report's event; "merged_in" records the duplicate joining


async def test_failed_delivery_is_shown_to_staff(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    report = await add_report(sessions, channel="telegram")  # Telegram is off in this service
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        kind, text = await submit(client, base, report.code, "tra-loi", text="Chúng tôi đã nhận")
    assert kind == "error" and t("rp_ok_tra_loi", code=report.code) in text
    assert "chưa gửi được" in text


async def test_forms_without_the_csrf_token_are_refused(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    report = await add_report(sessions)
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        for data in ({}, {"csrf_token": "not-the-token"}):
            async with client.post(
                f"{base}/phan-anh/{report.code}/tiep-nhan", data=data, allow_redirects=False
            ) as response:
                assert response.status == 403
    assert (await load(sessions, report.code)).status == "moi"
    async with sessions() as session:
        audited = (
            (await session.execute(select(AuditEntry).where(AuditEntry.action.like("report_%"))))
            .scalars()
            .all()
        )
    assert audited == []
