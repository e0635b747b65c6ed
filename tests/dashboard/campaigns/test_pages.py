"""Campaign authoring and approval in the dashboard, over real HTTP on both databases."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.broadcast_models import CampaignEvent, Subscriber
from storage.models import AuditEntry
from tests.dashboard.campaigns.support import (
    BAC_GIANG,
    KINH_BAC,
    PASSWORD,
    add_outbox,
    add_subscribers,
    campaign_form,
    campaign_row,
    has_form,
    page,
    png_bytes,
    post_form,
    token_of,
)
from tests.dashboard.staff_support import add_staff, browser, dashboard, login
from tests.e2e.service import free_port, running_service, service_settings
from tests.support.fake_bot_api import FakeBotApi

TEXT = "<b>Kết luận 72-KL/TW</b>: chung tay phát triển <i>hạ tầng</i> Bắc Ninh &amp; cả nước."


async def _seed(sessions: async_sessionmaker[AsyncSession]) -> list[int]:
    await add_staff(sessions, "tuyentruyen1", PASSWORD, "tuyen_truyen")
    await add_staff(sessions, "lanhdao1", PASSWORD, "lanh_dao")
    return await add_subscribers(
        sessions,
        [
            {"commune_code": BAC_GIANG, "groups": ["cd01"]},
            {"commune_code": BAC_GIANG},
            {"commune_code": BAC_GIANG, "status": "blocked"},
            {"commune_code": KINH_BAC, "groups": ["cd01"]},
            {"commune_code": KINH_BAC, "status": "unsubscribed"},
        ],
    )


async def test_draft_submit_approve_schedule_and_progress(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    subscriber_ids = await _seed(sessions)
    photo = png_bytes()
    async with dashboard(db_url) as base, browser() as author, browser() as leader:
        assert (await login(author, base, "tuyentruyen1", PASSWORD)).status == 303
        status, html = await page(author, f"{base}/chien-dich/moi")
        assert status == 200
        token = token_of(html)

        # The audience size before sending: active subscribers of Bắc Giang only.
        async with author.get(
            f"{base}/chien-dich/doi-tuong/so-luong",
            params=[("communes", BAC_GIANG)],
            headers={"Accept": "application/json"},
        ) as response:
            assert (await response.json())["size"] == 2
        async with author.get(
            f"{base}/chien-dich/doi-tuong/so-luong",
            params=[("groups", "cd01"), ("communes", BAC_GIANG), ("communes", KINH_BAC)],
        ) as response:
            assert (await response.json())["size"] == 2

        form = campaign_form(
            token,
            title="Tuyên truyền Kết luận 72",
            text=TEXT,
            format="html",
            photo=("anh.png", photo, "image/png"),
            link_text=["Đọc toàn văn", ""],
            link_url=["https://mattran.bacninh.gov.vn/kl72", ""],
            more_text=["Tìm hiểu thêm"],
            more_body=["Kết luận 72 bàn về phát triển hạ tầng đồng bộ, hiện đại."],
            audience_mode="filter",
            communes=[BAC_GIANG],
            audience_name="Người nhận ở Bắc Giang",
        )
        status, location, _ = await post_form(author, f"{base}/chien-dich/moi", form)
        assert status == 303, _
        campaign_id = int(location.rsplit("/", 1)[1])
        location = f"{base}{location}"
        stored = await campaign_row(sessions, campaign_id)
        assert stored.status == "draft" and stored.author == "tuyentruyen1"
        assert stored.photo == photo and stored.photo_mime == "image/png"
        assert stored.parse_mode == "HTML" and stored.text == TEXT
        assert stored.buttons[0] == {
            "text": "Đọc toàn văn",
            "url": "https://mattran.bacninh.gov.vn/kl72",
        }
        assert stored.buttons[1]["learn_more"] and stored.buttons[1]["answer"].startswith("Kết")
        assert stored.audience_id is not None

        status, html = await page(author, location)
        assert status == 200
        assert "Số người sẽ nhận: 2" in html
        assert "<b>Kết luận 72-KL/TW</b>" in html  # formatting shown as the reader sees it
        async with author.get(f"{location}/anh") as response:
            assert await response.read() == photo
        status, _, _ = await post_form(
            author, f"{location}/gui-duyet", {"csrf_token": token_of(html)}
        )
        assert status == 303

        # The author cannot approve: no button, an explanation, and a forged POST is refused.
        status, html = await page(author, location)
        assert not has_form(html, f"/chien-dich/{campaign_id}/duyet")
        assert 'id="approval-note"' in html
        status, _, _ = await post_form(author, f"{location}/duyet", {"csrf_token": token_of(html)})
        assert status == 403
        assert (await campaign_row(sessions, campaign_id)).status == "submitted"

        # Another person with the approving role approves and schedules it now.
        assert (await login(leader, base, "lanhdao1", PASSWORD)).status == 303
        status, html = await page(leader, location)
        assert has_form(html, f"/chien-dich/{campaign_id}/duyet")
        status, _, _ = await post_form(leader, f"{location}/duyet", {"csrf_token": token_of(html)})
        assert status == 303
        approved = await campaign_row(sessions, campaign_id)
        assert approved.status == "approved" and approved.approver == "lanhdao1"
        status, html = await page(leader, location)
        status, _, _ = await post_form(
            leader, f"{location}/len-lich", {"csrf_token": token_of(html), "kind": "now"}
        )
        assert status == 303
        assert (await campaign_row(sessions, campaign_id)).status in ("scheduled", "sending")

        # Progress reflects the outbox.
        await add_outbox(
            sessions,
            campaign_id,
            [
                (subscriber_ids[0], "sent", None),
                (subscriber_ids[1], "failed", "Bad Request: chat not found"),
            ],
        )
        async with leader.get(f"{location}/tien-do") as response:
            figures = await response.json()
        assert figures["total"] == 2 and figures["sent"] == 1 and figures["failed"] == 1
        assert figures["failed_reasons"] == {"Bad Request: chat not found": 1}
        assert figures["percent"] == 100
        async with leader.get(f"{location}/ket-qua.csv") as response:
            rows = list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig"))))
        assert rows[0] == ["chat_id", "status", "error"]
        assert sorted(rows[1:]) == [
            ["700000", "sent", ""],
            ["700001", "failed", "Bad Request: chat not found"],
        ]

        status, html = await page(leader, f"{base}/chien-dich")
        assert f'href="/chien-dich/{campaign_id}"' in html

    async with sessions() as session:
        actions = list(
            (
                await session.execute(
                    select(CampaignEvent.action, CampaignEvent.actor)
                    .where(CampaignEvent.campaign_id == campaign_id)
                    .order_by(CampaignEvent.id)
                )
            ).all()
        )
        audited = set((await session.execute(select(AuditEntry.action))).scalars())
    assert actions[:4] == [
        ("create", "tuyentruyen1"),
        ("submit", "tuyentruyen1"),
        ("approve", "lanhdao1"),
        ("schedule", "lanhdao1"),
    ]
    assert {"campaign_create", "campaign_submit", "campaign_approve", "audience_create"} <= audited


async def test_bad_content_is_explained_and_csrf_is_required(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _seed(sessions)
    async with dashboard(db_url) as base, browser() as author:
        await login(author, base, "tuyentruyen1", PASSWORD)
        _, html = await page(author, f"{base}/chien-dich/moi")
        token = token_of(html)
        cases: list[tuple[dict[str, Any], str]] = [
            ({"text": "<b>Chưa đóng thẻ"}, "chưa được đóng"),
            ({"text": "<script>x</script>"}, "không được Telegram hỗ trợ"),
            ({"link_text": ["Xem"], "link_url": ["javascript:alert(1)"]}, "https://"),
            ({"photo": ("a.gif", b"GIF89a....", "image/gif")}, "JPEG hoặc PNG"),
        ]
        for fields, expected in cases:
            values: dict[str, object] = {"title": "Thử", "text": "Nội dung"}
            values.update(communes=[BAC_GIANG], **fields)
            status, _, body = await post_form(
                author, f"{base}/chien-dich/moi", campaign_form(token, **values)
            )
            assert status == 400, fields
            assert expected in body, (fields, body[:300])
        # A form without the CSRF token is refused and creates nothing.
        status, _, body = await post_form(
            author, f"{base}/chien-dich/moi", {"title": "Không token", "text": "Nội dung"}
        )
        assert status == 403
        _, html = await page(author, f"{base}/chien-dich")
        assert "Không token" not in html and "Thử" not in html


async def test_import_with_a_bad_row_imports_nothing(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _seed(sessions)
    good = "channel,chat_id,name,commune,groups\ntelegram,810001,Nguyễn Văn B,7210,cd02\n"
    bad = good + "telegram,khong-phai-so,Trần Thị C,7210,cd02\n"
    async with dashboard(db_url) as base, browser() as author:
        await login(author, base, "tuyentruyen1", PASSWORD)
        _, html = await page(author, f"{base}/chien-dich/nguoi-nhan")
        assert "Đang nhận tin" in html
        form = aiohttp.FormData()
        form.add_field("csrf_token", token_of(html))
        form.add_field("file", bad.encode(), filename="ds.csv", content_type="text/csv")
        status, _, body = await post_form(author, f"{base}/chien-dich/nguoi-nhan/nhap", form)
        assert status == 400
        assert "Không nhập dòng nào" in body
        assert re.search(r"<td>3</td><td>«chat_id»", body), body[-2000:]
        async with sessions() as session:
            assert await _count(session, "810001") == 0

        form = aiohttp.FormData()
        form.add_field("csrf_token", token_of(html))
        form.add_field("file", good.encode(), filename="ds.csv", content_type="text/csv")
        status, _, body = await post_form(author, f"{base}/chien-dich/nguoi-nhan/nhap", form)
        assert status == 200, body[-1500:]
        async with sessions() as session:
            assert await _count(session, "810001") == 1
        _, html = await page(author, f"{base}/chien-dich/nguoi-nhan")
        assert "<td>cd02</td>" in html and "/start join_" in html


async def _count(session: AsyncSession, chat_id: str) -> int:
    stmt = select(func.count()).select_from(Subscriber).where(Subscriber.chat_id == chat_id)
    return int((await session.execute(stmt)).scalar_one())


async def test_invitation_links_name_the_bot_when_telegram_is_on(
    db_url: str, sessions: async_sessionmaker[AsyncSession], api: FakeBotApi
) -> None:
    await _seed(sessions)
    settings = service_settings(api, db_url, free_port())
    async with running_service(settings) as base, browser() as author:
        await login(author, base, "tuyentruyen1", PASSWORD)
        _, html = await page(author, f"{base}/chien-dich/nguoi-nhan")
        assert "https://t.me/phananh_test_bot?start=join_tokcd01" in html
