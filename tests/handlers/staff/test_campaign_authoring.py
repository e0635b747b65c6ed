"""``/taochiendich`` over Telegram: the real service and PTB against the loopback Bot API."""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from storage.broadcast_models import Campaign
from tests.e2e.service import TelegramUser, free_port, running_service, service_settings
from tests.handlers.staff.seed import add_staff
from tests.support.fake_bot_api import FakeBotApi

STAFF_ID = 515151
CITIZEN_ID = 626262
OFFICER_ID = 737373
DASHBOARD = "https://phananh.example.vn"
PHOTO = b"\xff\xd8\xff\xe0" + b"anh-chien-dich" * 50


async def _campaigns(sessions: async_sessionmaker[AsyncSession]) -> list[Campaign]:
    async with sessions() as session:
        return list((await session.execute(select(Campaign).order_by(Campaign.id))).scalars())


async def test_linked_staff_drafts_from_telegram_citizens_cannot(
    api: FakeBotApi, db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "soanthao", role="tuyen_truyen", telegram_user_id=str(STAFF_ID))
    await add_staff(sessions, "canbo", role="can_bo", telegram_user_id=str(OFFICER_ID))
    settings = service_settings(api, db_url, free_port(), dashboard_public_url=DASHBOARD)
    async with running_service(settings):
        staff = TelegramUser(api, STAFF_ID)
        api.push_update(api.text_update(STAFF_ID, "/taochiendich"))
        await staff.wait_for(t("ca_send_content")[:30])

        # A forwarded photo whose caption is partly bold becomes the draft.
        caption = "Kết luận 72-KL/TW: hạ tầng đồng bộ, hiện đại"
        update = api.photo_update(STAFF_ID, PHOTO, caption=caption)
        message = update["message"]
        message["caption_entities"] = [
            {"offset": 0, "length": len("Kết luận 72-KL/TW"), "type": "bold"}
        ]
        message["forward_origin"] = {
            "type": "user",
            "date": int(time.time()) - 60,
            "sender_user": {"id": 99, "is_bot": False, "first_name": "Tỉnh đoàn"},
        }
        api.push_update(update)
        reply = (await staff.wait_for("Đã tạo bản nháp chiến dịch số"))[-1].text or ""
        drafts = await _campaigns(sessions)
        assert len(drafts) == 1
        draft = drafts[0]
        assert f"{DASHBOARD}/chien-dich/{draft.id}/sua" in reply
        assert draft.status == "draft" and draft.author == "soanthao"
        assert draft.photo == PHOTO and draft.parse_mode == "HTML"
        assert draft.text == "<b>Kết luận 72-KL/TW</b>: hạ tầng đồng bộ, hiện đại"

        # The next message is an ordinary one again (no second draft).
        api.push_update(api.text_update(STAFF_ID, "/trogiup"))
        await staff.wait_for("/phananh")
        assert len(await _campaigns(sessions)) == 1

        # A citizen, or staff whose role does not write campaigns, gets the unknown-command answer.
        for chat_id in (CITIZEN_ID, OFFICER_ID):
            user = TelegramUser(api, chat_id)
            api.push_update(api.text_update(chat_id, "/taochiendich"))
            await user.wait_for(t("unknown_command", command="taochiendich"))
            api.push_update(api.text_update(chat_id, "Mời bà con tham gia ngày hội đoàn viên"))
            await user.wait_for("")
        assert len(await _campaigns(sessions)) == 1


async def test_preview_goes_to_the_linked_staff_chat_exactly_as_recipients_get_it(
    api: FakeBotApi, db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    from broadcasts.workflow import create_campaign
    from dashboard.auth.accounts import create_staff
    from storage.staff import StaffRepository
    from storage.uow import UnitOfWork
    from tests.dashboard.campaigns.support import PASSWORD, page, png_bytes, post_form, token_of
    from tests.dashboard.staff_support import browser, login

    async with UnitOfWork(sessions) as uow:
        linked = await create_staff(
            StaffRepository(uow.session),
            username="soanthao",
            password=PASSWORD,
            role="tuyen_truyen",
            communes=(),
        )
        linked.telegram_user_id = str(STAFF_ID)
        await create_staff(
            StaffRepository(uow.session),
            username="chualienket",
            password=PASSWORD,
            role="tuyen_truyen",
            communes=(),
        )
        campaign = await create_campaign(
            uow,
            title="Thử",
            text="<b>Kết luận 72</b> và hạ tầng",
            author="soanthao",
            parse_mode="HTML",
            photo=png_bytes(),
            photo_mime="image/png",
            buttons=[{"text": "Đọc thêm", "url": "https://mattran.bacninh.gov.vn/kl72"}],
        )
        await uow.commit()
        url_path = f"/chien-dich/{campaign.id}"
    settings = service_settings(api, db_url, free_port())
    async with running_service(settings) as base, browser() as client, browser() as other:
        await login(client, base, "soanthao", PASSWORD)
        _, html = await page(client, base + url_path)
        status, _, _ = await post_form(
            client, f"{base}{url_path}/gui-thu", {"csrf_token": token_of(html)}
        )
        assert status == 303
        sent = await api.wait_for_messages(STAFF_ID, 1)
        assert sent[0].method == "sendPhoto" and sent[0].parse_mode == "HTML"
        assert sent[0].text == "<b>Kết luận 72</b> và hạ tầng"
        assert sent[0].reply_markup == {
            "inline_keyboard": [
                [{"text": "Đọc thêm", "url": "https://mattran.bacninh.gov.vn/kl72"}]
            ]
        }
        _, html = await page(client, base + url_path)
        assert t("cp_preview_sent") in html

        # Without a linked Telegram account the page says how to link it.
        await login(other, base, "chualienket", PASSWORD)
        _, html = await page(other, base + url_path)
        await post_form(other, f"{base}{url_path}/gui-thu", {"csrf_token": token_of(html)})
        _, html = await page(other, base + url_path)
        assert "python -m bot staff link-telegram chualienket" in html
