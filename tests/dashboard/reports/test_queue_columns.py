"""The queue's working order (overdue first within urgency), sortable columns, due and time left."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from domain.catalogue import t
from tests.dashboard.reports.support import add_report
from tests.dashboard.reports.test_pages import PASSWORD, Sessions, get
from tests.dashboard.staff_support import add_staff, browser, dashboard, login
from tests.storage.test_report_queries import codes


async def test_overdue_first_within_urgency_and_sortable_columns(sessions: Sessions) -> None:
    past = datetime.now(UTC) - timedelta(days=28)
    fresh = await add_report(sessions, "a", age=timedelta(hours=3))
    overdue = await add_report(sessions, "b", age=timedelta(minutes=30), accept_due_at=past)
    urgent = await add_report(sessions, "c", urgency="cao", age=timedelta(minutes=10))
    low_late = await add_report(
        sessions, "d", urgency="thap", age=timedelta(days=30), accept_due_at=past
    )
    # Most urgent first; within an urgency the overdue before the older one still on time.
    assert await codes(sessions, {}) == [urgent.code, overdue.code, fresh.code, low_late.code]
    assert await codes(sessions, {"sort": "ma"}) == sorted(
        [fresh.code, overdue.code, urgent.code, low_late.code]
    )
    newest = [urgent.code, overdue.code, fresh.code, low_late.code]
    assert await codes(sessions, {"sort": "-ngay"}) == newest
    assert await codes(sessions, {"sort": "ngay"}) == newest[::-1]
    by_due = await codes(sessions, {"sort": "han"})
    assert by_due[:2] == [overdue.code, low_late.code] or by_due[:2] == [
        low_late.code,
        overdue.code,
    ]
    assert set(by_due[2:]) == {fresh.code, urgent.code} and by_due[2] == fresh.code
    assert await codes(sessions, {"sort": "x; drop table"}) == await codes(sessions, {})


async def test_queue_shows_due_time_left_and_assignee(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    past = datetime.now(UTC) - timedelta(days=2, hours=1)
    late = await add_report(
        sessions, "Cống tắc", accept_due_at=past, assigned_unit="Đội thoát nước"
    )
    await add_report(sessions, "Đèn hỏng", age=timedelta(hours=2))
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        page = (await get(client, f"{base}/phan-anh"))[1]
        for column in ("rq_col_due", "rq_col_left", "rq_col_assignee", "rq_col_channel"):
            assert html.escape(t(column)) in page
        row = page[page.index(f'data-code="{late.code}"') :]
        row = row[: row.index("</tr>")]
        assert "Đội thoát nước" in row
        late_text = t("rq_late", span=t("rq_span_days", days=2, hours=1))
        assert f'class="when left late" data-label="{t("rq_col_left")}">{late_text}' in row
        assert t("rq_no_assignee") in page and "còn 21 giờ" in page
        assert 'href="/phan-anh?trang_thai=mo&amp;sort=han"' in page
        sorted_page = (await get(client, f"{base}/phan-anh?sort=han"))[1]
        assert 'aria-sort="ascending"' in sorted_page
        assert 'href="/phan-anh?trang_thai=mo&amp;sort=-han"' in sorted_page
