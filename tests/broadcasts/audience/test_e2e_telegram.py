"""/dangky, an invitation link and /huydangky over Telegram: real PTB app, loopback Bot API."""

from __future__ import annotations

from sqlalchemy import select

from domain.catalogue import t
from storage.broadcast_models import GroupMember, Subscriber
from storage.database import create_engine, session_factory
from storage.subscribers import SubscriberStore
from tests.e2e.service import (
    TelegramUser,
    free_port,
    inline_callbacks,
    running_service,
    service_settings,
)
from tests.support.fake_bot_api import FakeBotApi


async def test_subscribe_join_and_leave_over_telegram(api: FakeBotApi, db_url: str) -> None:
    settings = service_settings(api, db_url, free_port())
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    try:
        async with running_service(settings):
            assert {"dangky", "huydangky"} <= {c["command"] for c in api.commands}
            assert any(c["description"] == t("cmd_dangky") for c in api.commands)
            async with sessions() as session:
                group = await SubscriberStore(session).create_group("cd_01", "Chi đoàn 01")
                token = group.invite_token
                await session.commit()
            user = TelegramUser(api, 7001)
            messages = await user.send_text("/dangky", "Nghị định 13/2023/NĐ-CP")
            assert inline_callbacks(messages) == ["sub:yes", "sub:no"]
            await user.press("sub:yes", t("sub_ask_place"))
            messages = await user.send_text("xã Lệ Viễn", t("sub_ask_topics"))
            assert any("Xã An Lạc (Xã Lệ Viễn cũ)" in (m.text or "") for m in messages)
            messages = await user.press("sub:t:ket_luan_72", t("sub_ask_topics"))
            assert "sub:done" in inline_callbacks(messages)
            await user.press("sub:done", "Bạn đã đăng ký nhận tin")
            await user.send_text(f"/start join_{token}", "Chi đoàn 01")
            async with sessions() as session:
                row = (await session.execute(select(Subscriber))).scalar_one()
                members = (await session.execute(select(GroupMember))).scalars().all()
            assert (row.chat_id, row.status, row.commune_code, row.topics) == (
                "7001",
                "active",
                "7654",
                ["ket_luan_72"],
            )
            assert [m.subscriber_id for m in members] == [row.id]
            await user.send_text("/huydangky", t("sub_left"))
        async with sessions() as session:
            row = (await session.execute(select(Subscriber))).scalar_one()
            assert (row.status, row.name, row.commune_code, row.topics) == (
                "unsubscribed",
                None,
                None,
                [],
            )
            assert (await session.execute(select(GroupMember))).first() is None
    finally:
        await engine.dispose()
