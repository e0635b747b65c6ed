"""/dangky, /huydangky and invitation links through the real handlers (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.topics import topic_label
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.broadcast_models import GroupMember, Subscriber
from storage.database import Database
from storage.models import Citizen, Conversation
from storage.subscribers import SubscriberStore
from tests.handlers.chat_driver import ChatDriver, callbacks, texts
from tests.support.fake_delivery import RecordingDelivery


@pytest.fixture
def dispatcher(db: Database) -> Dispatcher:
    return Dispatcher(db, RecordingDelivery(), HandlerConfig(flood_max_messages=100))


async def subscriber(sessions: async_sessionmaker[AsyncSession], chat_id: str) -> Subscriber | None:
    async with sessions() as session:
        return await SubscriberStore(session).get("test", chat_id)


async def count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_consent_refused_stores_nothing(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="501")
    replies = await chat.text("/dangky")
    assert "Nghị định 13/2023/NĐ-CP" in texts(replies)
    assert callbacks(replies) == ["sub:yes", "sub:no"]
    assert await count(sessions, Subscriber) == 0
    replies = await chat.press("sub:no")
    assert texts(replies) == t("sub_declined")
    await chat.text("xã Tân Dĩnh")  # typing afterwards starts nothing either
    assert await count(sessions, Subscriber) == 0
    assert await count(sessions, Conversation) == 0
    assert await count(sessions, Citizen) == 0


async def test_dangky_with_old_name_and_topics(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="502")
    await chat.text("/dangky")
    replies = await chat.press("sub:yes")
    assert t("sub_ask_place") in texts(replies)
    row = await subscriber(sessions, "502")
    assert row is not None and row.consented_at is not None and row.status == "unsubscribed"
    replies = await chat.text("xã Lệ Viễn")  # merged into Xã An Lạc in 2025
    assert "Xã An Lạc (Xã Lệ Viễn cũ)" in texts(replies)
    assert "sub:t:giao_thong" in callbacks(replies)
    await chat.press("sub:t:giao_thong")
    await chat.press("sub:t:thuy_loi")
    replies = await chat.press("sub:t:giao_thong")  # toggled off again
    buttons = {b.callback_data: b.text for r in replies for row in r.buttons for b in row}
    assert buttons["sub:t:thuy_loi"] == t("sub_topic_on", label=topic_label("thuy_loi"))
    assert buttons["sub:t:giao_thong"] == topic_label("giao_thong")
    replies = await chat.press("sub:done")
    assert "Nguyễn Văn An" in texts(replies) and topic_label("thuy_loi") in texts(replies)
    row = await subscriber(sessions, "502")
    assert row is not None
    assert (row.status, row.commune_code, row.topics, row.source) == (
        "active",
        "7654",
        ["thuy_loi"],
        "dangky",
    )
    assert row.commune_text == "Xã An Lạc (Xã Lệ Viễn cũ)"
    assert await count(sessions, Citizen) == 0  # no report consent needed nor created


async def test_current_name_ambiguous_name_and_pin(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="503")
    await chat.text("/dangky")
    await chat.press("sub:yes")
    replies = await chat.text("Đồng Tiến")
    assert "Xã Đồng Tiến (Huyện Yên Thế)" in texts(replies)
    assert "Xã Đồng Tiến (Huyện Hiệp Hòa)" in texts(replies)
    assert not callbacks(replies)  # asked again, still choosing the place
    replies = await chat.text("Hà Nội")
    assert texts(replies) == t("sub_place_unknown", text="Hà Nội")
    replies = await chat.text("xã Tân Dĩnh")
    assert t("sub_place_ok", place="Xã Tân Dĩnh") in texts(replies)
    await chat.press("sub:done")
    row = await subscriber(sessions, "503")
    assert row is not None and (row.commune_code, row.topics) == ("7432", [])
    # Re-running /dangky updates: a location pin near Phường Bắc Giang's centre this time.
    replies = await chat.text("/dangky")
    assert "sub:keep" in callbacks(replies)  # already consented: no notice again
    replies = await chat.location(21.2849, 106.215)
    assert t("sub_place_ok", place="Phường Bắc Giang") in texts(replies)
    await chat.press("sub:t:ket_luan_72")
    await chat.press("sub:done")
    row = await subscriber(sessions, "503")
    assert row is not None and (row.commune_code, row.topics) == ("7210", ["ket_luan_72"])
    assert await count(sessions, Subscriber) == 1


async def test_huydangky_clears_and_blocked_reactivates(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="504")
    assert texts(await chat.text("/huydangky")) == t("sub_not_subscribed")
    await chat.text("/dangky")
    await chat.press("sub:yes")
    await chat.text("Kinh Bắc")
    await chat.press("sub:t:do_thi")
    await chat.press("sub:done")
    replies = await chat.text("/huydangky")
    assert texts(replies) == t("sub_left")
    row = await subscriber(sessions, "504")
    assert row is not None
    assert (row.status, row.name, row.commune_code, row.commune_text, row.topics) == (
        "unsubscribed",
        None,
        None,
        None,
        [],
    )
    assert row.consented_at is None
    assert await count(sessions, Conversation) == 0
    # A new /dangky shows the notice again; then a blocked subscriber is reactivated.
    assert "sub:yes" in callbacks(await chat.text("/dangky"))
    await chat.press("sub:yes")
    await chat.text("Kinh Bắc")
    await chat.press("sub:done")
    async with sessions() as session:
        row = await SubscriberStore(session).get("test", "504")
        assert row is not None
        row.status = "blocked"
        await session.commit()
    await chat.text("/dangky")
    await chat.press("sub:keep")
    await chat.press("sub:done")
    row = await subscriber(sessions, "504")
    assert row is not None and row.status == "active" and row.blocked_at is None
    assert row.commune_code == "9187"


async def test_huy_cancels_and_stale_buttons(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="505")
    await chat.text("/dangky")
    await chat.press("sub:yes")
    replies = await chat.text("/huy")
    assert texts(replies) == t("flow_cancelled")
    assert texts(await chat.press("sub:done")) == t("button_expired")
    row = await subscriber(sessions, "505")
    assert row is not None and row.status == "unsubscribed"  # never confirmed


async def test_invitation_link_joins_group(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as session:
        group = await SubscriberStore(session).create_group("cd_tan_dinh", "Chi đoàn Tân Dĩnh")
        token = group.invite_token
        await session.commit()
    chat = ChatDriver(dispatcher, chat_id="506")
    assert texts(await chat.text("/start join_nope")) == t("sub_invite_invalid")
    replies = await chat.text(f"/start join_{token}")
    assert t("sub_invite_notice", group="Chi đoàn Tân Dĩnh") in texts(replies)
    assert f"sub:yes:{token}" in callbacks(replies)
    assert await count(sessions, Subscriber) == 0
    replies = await chat.press(f"sub:yes:{token}")
    assert t("sub_joined_group", group="Chi đoàn Tân Dĩnh") in texts(replies)
    assert t("sub_ask_place") in texts(replies)  # no commune yet: asked
    await chat.text("Tân Dĩnh")
    replies = await chat.press("sub:done")
    assert "cd_tan_dinh" in texts(replies)
    row = await subscriber(sessions, "506")
    assert row is not None and (row.status, row.source) == ("active", "invite")
    assert await count(sessions, GroupMember) == 1
    # An active subscriber with a commune following another link just joins it.
    async with sessions() as session:
        other = await SubscriberStore(session).create_group("hoi_nd", "Hội Nông dân")
        token2 = other.invite_token
        await session.commit()
    replies = await chat.text(f"/start join_{token2}")
    assert texts(replies) == t("sub_joined_group", group="Hội Nông dân")
    replies = await chat.text(f"/start join_{token2}")
    assert texts(replies) == t("sub_already_in_group", group="Hội Nông dân")
    assert await count(sessions, GroupMember) == 2


async def test_web_chat_cannot_subscribe(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="w-1", channel="webchat")
    assert texts(await chat.text("/dangky")) == t("sub_channel_unsupported")
    assert await count(sessions, Subscriber) == 0
