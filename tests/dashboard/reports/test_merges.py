"""Merging from the report page, the trace on both pages, and undoing it with «Tách»."""

from __future__ import annotations

import html

from domain.catalogue import t
from tests.dashboard.reports.support import add_report
from tests.dashboard.reports.test_pages import PASSWORD, Sessions, get, load, submit
from tests.dashboard.staff_support import add_staff, browser, dashboard, login


async def test_merge_then_unmerge_through_the_report_pages(db_url: str, sessions: Sessions) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    main = await add_report(sessions, "Ổ gà lớn trước cổng chợ Thương", channel="webchat")
    dup = await add_report(sessions, "Đường trước chợ Thương có ổ gà", channel="webchat")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        kind, text = await submit(client, base, dup.code, "gop", duplicate=dup.code, main=main.code)
        assert kind == "ok" and t("rp_ok_gop", code=dup.code) in text

        page = (await get(client, f"{base}/phan-anh/{dup.code}"))[1]
        # A merged duplicate offers no merge (toward the report it joined or any other) and no
        # status change, only «Tách».
        assert f"/phan-anh/{dup.code}/gop" not in page and 'id="form-status"' not in page
        assert 'id="form-unmerge"' in page and t("rp_btn_unmerge") in page
        main_page = (await get(client, f"{base}/phan-anh/{main.code}"))[1]
        assert html.escape(t("rp_event_merged_in_value", duplicate=dup.code)) in main_page

        kind, text = await submit(client, base, dup.code, "tach")
        assert kind == "ok" and t("rp_ok_tach", code=dup.code) in text
        assert t("rp_notified") in text  # the web chat got the notice
        assert (await load(sessions, dup.code)).merged_into_id is None
        page = (await get(client, f"{base}/phan-anh/{dup.code}"))[1]
        assert html.escape(t("rp_event_unmerge_value", main=main.code)) in page
        assert 'id="form-unmerge"' not in page and 'id="form-merge"' in page
        main_page = (await get(client, f"{base}/phan-anh/{main.code}"))[1]
        assert html.escape(t("rp_event_unmerged_out_value", duplicate=dup.code)) in main_page

        kind, text = await submit(client, base, dup.code, "tach")
        assert kind == "error" and t("action_not_merged", code=dup.code) in text
