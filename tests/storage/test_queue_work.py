"""uow.queue_work on SQLite and PostgreSQL: officers in scope, arrivals, canned replies, export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.reports.filters import parse_filter
from storage.models import Report
from storage.uow import UnitOfWork
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report
from tests.dashboard.staff_support import add_staff

Sessions = async_sessionmaker[AsyncSession]
PASSWORD = "mat-khau-an-toan-9"


async def test_only_officers_of_the_ward_or_admins_may_take_a_report(sessions: Sessions) -> None:
    admin = await add_staff(sessions, "quantri", PASSWORD, "admin")
    ward = await add_staff(sessions, "bacgiang", PASSWORD, "can_bo", (BAC_GIANG[0],))
    other = await add_staff(sessions, "kinhbac", PASSWORD, "can_bo", (KINH_BAC[0],))
    everywhere = await add_staff(sessions, "tinh", PASSWORD, "can_bo")
    await add_staff(sessions, "lanhdao", PASSWORD, "lanh_dao")
    async with UnitOfWork(sessions) as uow:
        here = {o.id for o in await uow.queue_work.officers_for(BAC_GIANG[0])}
        unplaced = {o.id for o in await uow.queue_work.officers_for(None)}
        anywhere = {o.id for o in await uow.queue_work.assignable()}
    assert here == {admin, ward, everywhere}
    assert unplaced == {admin, everywhere}
    assert anywhere == {admin, ward, other, everywhere}  # never the leadership


async def test_arrivals_since_a_page_loaded_follow_its_filter(sessions: Sessions) -> None:
    now = datetime.now(UTC)
    await add_report(sessions, "Cũ")
    async with UnitOfWork(sessions) as uow:
        loaded = await uow.queue_work.newest_report_id()
    await add_report(sessions, "Mới ở Bắc Giang")
    await add_report(sessions, "Mới ở Kinh Bắc", place=KINH_BAC)
    await add_report(sessions, "Đèn hỏng", category="dien")
    everything = parse_filter({}, None).flt
    in_ward = parse_filter({}, frozenset({BAC_GIANG[0]})).flt
    roads = parse_filter({"loai": "giao_thong"}, None).flt
    async with UnitOfWork(sessions) as uow:
        assert await uow.queue_work.arrived_since(everything, now, loaded) == 3
        assert await uow.queue_work.arrived_since(in_ward, now, loaded) == 2
        assert await uow.queue_work.arrived_since(roads, now, loaded) == 2
        newest = await uow.queue_work.newest_report_id()
        assert await uow.queue_work.arrived_since(everything, now, newest) == 0


async def test_mine_keeps_the_reports_assigned_to_me(sessions: Sessions) -> None:
    me = await add_staff(sessions, "toi", PASSWORD, "can_bo")
    mine = await add_report(sessions, "Của tôi")
    await add_report(sessions, "Của người khác")
    async with sessions() as session:
        await session.execute(
            update(Report).where(Report.id == mine.id).values(assigned_staff_id=me)
        )
        await session.commit()
    flt = parse_filter({"cua_toi": "1"}, None, me).flt
    async with UnitOfWork(sessions) as uow:
        page = await uow.report_queries.queue_page(flt, datetime.now(UTC))
        assert [r.code for r in page.reports] == [mine.code]


async def test_canned_replies_of_a_unit_and_shared_ones(sessions: Sessions) -> None:
    async with UnitOfWork(sessions) as uow:
        await uow.queue_work.add_canned_reply("", "Cảm ơn", "Cảm ơn bạn đã phản ánh.", "quantri")
        await uow.queue_work.add_canned_reply(BAC_GIANG[0], "Đã cử người", "Phường đã cử", "a")
        await uow.queue_work.add_canned_reply(KINH_BAC[0], "Kinh Bắc", "Riêng Kinh Bắc", "a")
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        titles = [c.title for c in await uow.queue_work.canned_replies(BAC_GIANG[0])]
        every = await uow.queue_work.canned_replies()
        assert titles == ["Cảm ơn", "Đã cử người"]
        assert len(every) == 3
        await uow.queue_work.delete_canned_reply(every[0])
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        assert len(await uow.queue_work.canned_replies()) == 2


async def test_export_follows_the_filter_and_the_queue_order(sessions: Sessions) -> None:
    low = await add_report(sessions, "Thấp", urgency="thap", age=timedelta(days=2))
    high = await add_report(sessions, "Cao", urgency="cao")
    await add_report(sessions, "Điện", category="dien")
    await add_report(sessions, "Nơi khác", place=KINH_BAC)
    flt = parse_filter({"loai": "giao_thong"}, frozenset({BAC_GIANG[0]})).flt
    async with UnitOfWork(sessions) as uow:
        batches = [b async for b in uow.queue_work.export_batches(flt, datetime.now(UTC), limit=10)]
    assert [r.code for batch in batches for r in batch] == [high.code, low.code]


async def test_the_queue_sorts_by_the_officer_in_charge(sessions: Sessions) -> None:
    bao = await add_staff(sessions, "bao", PASSWORD, "can_bo")
    an = await add_staff(sessions, "anh", PASSWORD, "can_bo")
    nobody = await add_report(sessions, "Chưa giao")
    to_bao = await add_report(sessions, "Của Bảo")
    to_an = await add_report(sessions, "Của An")
    async with sessions() as session:
        for report, staff in ((to_bao, bao), (to_an, an)):
            await session.execute(
                update(Report).where(Report.id == report.id).values(assigned_staff_id=staff)
            )
        await session.commit()
    async with UnitOfWork(sessions) as uow:
        for sort, expected in (
            ("nguoi", [to_an, to_bao, nobody]),
            ("-nguoi", [to_bao, to_an, nobody]),  # unassigned last either way
        ):
            flt = parse_filter({"sort": sort}, None).flt
            page = await uow.report_queries.queue_page(flt, datetime.now(UTC))
            assert [r.code for r in page.reports] == [r.code for r in expected]
