"""The queue's queries on SQLite and PostgreSQL: filters, search, order, pages, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.reports.filters import parse_filter
from storage.report_queries import QueueFilter
from storage.uow import UnitOfWork
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report

Sessions = async_sessionmaker[AsyncSession]


async def codes(
    sessions: Sessions,
    query: dict[str, str],
    visible: frozenset[str] | None = None,
    page: int = 1,
    per_page: int = 50,
) -> list[str]:
    parsed = parse_filter(query, visible)
    assert not parsed.errors, parsed.errors
    async with UnitOfWork(sessions) as uow:
        result = await uow.report_queries.queue_page(
            parsed.flt, datetime.now(UTC), page=page, per_page=per_page
        )
        return [r.code for r in result.reports]


async def test_each_filter_narrows_the_list(sessions: Sessions) -> None:
    base = await add_report(sessions, "Ổ gà trên đường tỉnh 398")
    water = await add_report(sessions, "Cống thoát nước bị tắc", category="thoat_nuoc")
    urgent = await add_report(sessions, "Cầu tràn bị sập", urgency="cao")
    kinh_bac = await add_report(sessions, "Đèn đường hỏng", place=KINH_BAC)
    done = await add_report(sessions, "Đã sửa xong ổ gà", status="da_giai_quyet")
    old = await add_report(sessions, "Đường đất lầy lội", age=timedelta(days=40))
    late = await add_report(
        sessions,
        "Rác thải ùn ứ",
        age=timedelta(days=3),
        accept_due_at=datetime.now(UTC) - timedelta(days=1),
    )
    everything_open = {base.code, water.code, urgent.code, kinh_bac.code, old.code, late.code}

    assert set(await codes(sessions, {})) == everything_open  # default: open reports
    assert set(await codes(sessions, {"trang_thai": "tat_ca"})) == everything_open | {done.code}
    assert await codes(sessions, {"trang_thai": "da_giai_quyet"}) == [done.code]
    assert await codes(sessions, {"loai": "thoat_nuoc"}) == [water.code]
    assert await codes(sessions, {"muc_do": "cao"}) == [urgent.code]
    assert await codes(sessions, {"xa": KINH_BAC[0]}) == [kinh_bac.code]
    by_district = set(await codes(sessions, {"huyen": "thanh-pho-bac-giang"}))
    assert by_district == everything_open - {kinh_bac.code}  # Kinh Bắc was never in Bắc Giang
    today = datetime.now(UTC).astimezone().date()
    recent = await codes(sessions, {"tu_ngay": (today - timedelta(days=10)).isoformat()})
    assert old.code not in recent and base.code in recent
    ancient = await codes(sessions, {"den_ngay": (today - timedelta(days=30)).isoformat()})
    assert ancient == [old.code]
    overdue = set(await codes(sessions, {"qua_han": "1"}))
    assert overdue == {late.code, old.code}  # old: its resolution deadline passed too


async def test_search_with_and_without_diacritics_and_by_code(sessions: Sessions) -> None:
    pothole = await add_report(sessions, "Đường thôn Đông có ổ gà sâu, xe máy ngã")
    await add_report(sessions, "Mất điện cả xóm từ chiều qua", category="dien")
    for query in ("ổ gà", "o ga", "O GA", "Ổ GÀ thôn đông", "duong thon dong"):
        assert await codes(sessions, {"q": query}) == [pothole.code], query
    assert await codes(sessions, {"q": "ổ gà mất điện"}) == []  # every word must appear
    assert await codes(sessions, {"q": pothole.code}) == [pothole.code]
    assert await codes(sessions, {"q": pothole.code.lower().replace("-", "")}) == [pothole.code]
    assert await codes(sessions, {"q": "100%_"}) == []  # LIKE wildcards are literal


async def test_sorted_by_urgency_then_age_and_paginated(sessions: Sessions) -> None:
    low_old = await add_report(sessions, "a", urgency="thap", age=timedelta(days=9))
    mid_new = await add_report(sessions, "b", urgency="trung_binh", age=timedelta(hours=1))
    high_new = await add_report(sessions, "c", urgency="cao", age=timedelta(hours=2))
    mid_old = await add_report(sessions, "d", urgency="trung_binh", age=timedelta(days=5))
    high_old = await add_report(sessions, "e", urgency="cao", age=timedelta(days=2))
    expected = [high_old.code, high_new.code, mid_old.code, mid_new.code, low_old.code]
    assert await codes(sessions, {}) == expected
    pages = [await codes(sessions, {}, page=n, per_page=2) for n in (1, 2, 3)]
    assert pages == [expected[0:2], expected[2:4], expected[4:5]]
    async with UnitOfWork(sessions) as uow:
        page = await uow.report_queries.queue_page(
            QueueFilter(), datetime.now(UTC), page=9, per_page=2
        )
    assert page.total == 5 and page.pages == 3 and page.page == 3  # past the end: last page


async def test_a_limited_officer_never_sees_other_communes(sessions: Sessions) -> None:
    mine = await add_report(sessions, "Ổ gà ở Bắc Giang", place=BAC_GIANG)
    await add_report(sessions, "Ổ gà ở Kinh Bắc", place=KINH_BAC, urgency="cao")
    await add_report(sessions, "Ổ gà không rõ nơi", place=None)
    visible = frozenset({BAC_GIANG[0]})
    assert await codes(sessions, {}, visible) == [mine.code]
    assert await codes(sessions, {"q": "o ga"}, visible) == [mine.code]
    assert await codes(sessions, {"xa": KINH_BAC[0]}, visible) == []  # asking does not help
    async with UnitOfWork(sessions) as uow:
        counts = await uow.report_queries.status_counts(
            parse_filter({}, visible).flt, datetime.now(UTC)
        )
        everyone = await uow.report_queries.status_counts(
            parse_filter({}, None).flt, datetime.now(UTC)
        )
    assert counts["moi"] == 1 and everyone["moi"] == 3


async def test_counts_follow_the_filter_but_not_its_status(sessions: Sessions) -> None:
    await add_report(sessions, "x", category="dien")
    await add_report(sessions, "y", category="dien", status="dang_xu_ly")
    await add_report(sessions, "z", category="dien", status="tu_choi")
    await add_report(sessions, "w", category="giao_thong")
    parsed = parse_filter({"loai": "dien", "trang_thai": "tu_choi"}, None)
    async with UnitOfWork(sessions) as uow:
        counts = await uow.report_queries.status_counts(parsed.flt, datetime.now(UTC))
    assert counts["moi"] == 1 and counts["dang_xu_ly"] == 1 and counts["tu_choi"] == 1
    assert sum(counts.values()) == 3


def test_bad_filter_values_are_dropped_with_a_message() -> None:
    parsed = parse_filter({"loai": "khong-co", "tu_ngay": "31/02/2026", "trang_thai": "x"}, None)
    assert len(parsed.errors) == 3
    assert parsed.flt.category is None and parsed.flt.created_from is None
    assert parsed.values["trang_thai"] == "mo"
