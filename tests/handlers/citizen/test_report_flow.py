"""The citizen report flow through the real handlers and storage (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.messages import Reply
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.database import Database, create_engine, session_factory
from storage.models import (
    Attachment,
    Citizen,
    Consent,
    Conversation,
    ProcessedUpdate,
    Report,
    ReportEvent,
)
from tests.handlers.chat_driver import (
    ChatDriver,
    button_data,
    callbacks,
    file_report,
    press_label,
    texts,
)
from tests.support.clock import FakeClock
from tests.support.fake_delivery import RecordingDelivery

HANDLER_CONFIG = HandlerConfig(flood_max_messages=100)  # flood control has its own test
CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
LAMP = "Đèn đường hỏng cả tuần nay, buổi tối tối om rất nguy cho người đi bộ"
POTHOLE = (
    "Đường trục xã đoạn qua thôn Hạ có ổ gà rất sâu, tối qua hai người đi xe máy "
    "bị ngã gãy tay, đề nghị xã sửa gấp"
)


@pytest.fixture
def dispatcher(sessions: async_sessionmaker[AsyncSession], db: Database) -> Dispatcher:
    return Dispatcher(db, RecordingDelivery(), HANDLER_CONFIG)


async def count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def consented_chat(dispatcher: Dispatcher, chat_id: str = "1001") -> ChatDriver:
    chat = ChatDriver(dispatcher, chat_id=chat_id)
    await chat.text("/start")
    await chat.press("consent:yes")
    return chat


async def complete_report(chat: ChatDriver, text: str = POTHOLE) -> str:
    """Describe (the place is in the text), press «Gửi», leave a phone number; the code."""
    code = await file_report(chat, text, "thôn Hạ, xã Tân Dĩnh, huyện Lạng Giang")
    await press_label(chat, t("btn_extra_phone"))
    await chat.text("0912 345 678")
    return code


async def test_start_shows_privacy_notice_and_stores_nothing_before_consent(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher)
    replies = await chat.text("/start")
    assert "Nghị định 13/2023/NĐ-CP" in texts(replies)
    assert "/xoadulieu" in texts(replies)
    assert callbacks(replies) == ["consent:yes", "consent:no"]
    replies = await chat.text(POTHOLE)
    assert t("consent_required") in texts(replies)
    await chat.press("consent:no")
    assert await count(sessions, Citizen) == 0
    assert await count(sessions, Conversation) == 0
    assert await count(sessions, Report) == 0
    await chat.press("consent:yes")
    assert await count(sessions, Citizen) == 1
    assert await count(sessions, Consent) == 1


async def test_an_urgent_report_is_committed_before_the_notice_gives_its_code(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    replies = await chat.text(POTHOLE)  # people fell: urgent, and the place is in the text
    notice = replies[0]
    assert "113" in notice.text and "115" in notice.text and notice.urgent
    code = CODE_RE.search(notice.text)
    assert code
    async with sessions() as session:
        report = (
            await session.execute(select(Report).where(Report.code == code.group(0)))
        ).scalar_one()
        events = (await session.execute(select(ReportEvent))).scalars().all()
    assert report.category == "giao_thong" and report.status == "moi"
    assert report.urgency == "cao" and report.urgency_reasons
    assert report.accept_due_at < report.resolve_due_at
    assert [e.kind for e in events] == ["created"]
    await press_label(chat, t("btn_extra_phone"))
    assert code.group(0) in texts(await chat.text("0912 345 678"))
    report = await _only_report(sessions)
    assert report.contact_phone == "0912345678" and not report.anonymous


async def test_tracking_shows_status_and_personal_details_only_to_the_author(
    dispatcher: Dispatcher,
) -> None:
    author = await consented_chat(dispatcher, "2001")
    code = await complete_report(author)
    own = texts(await author.text(f"/tracuu {code.lower()}"))
    assert "Mới gửi" in own and "ổ gà" in own
    other = await consented_chat(dispatcher, "2002")
    seen = texts(await other.text(f"/tracuu {code}"))
    assert "Mới gửi" in seen and "ổ gà" not in seen
    assert t("mine_empty") in texts(await other.text(t("menu_mine")))
    assert code in texts(await author.text("/cuatoi"))
    assert "không đúng dạng" in texts(await author.text("/tracuu 12345"))
    assert t("code_not_found", code="PA-0000000") in texts(await author.text("/tracuu PA-0000000"))


async def test_restart_mid_flow_loses_nothing(db_url: str, engine: AsyncEngine) -> None:
    first = Dispatcher(Database(engine), RecordingDelivery(), HANDLER_CONFIG)
    chat = await consented_chat(first, "3001")
    asked = await chat.text(LAMP)
    assert t("ask_place") in texts(asked)
    await engine.dispose()  # the process dies here
    fresh_engine = create_engine(db_url)
    try:
        chat.dispatcher = Dispatcher(Database(fresh_engine), RecordingDelivery(), HANDLER_CONFIG)
        card = await chat.text("thôn Hạ, xã Tân Dĩnh")
        replies = await chat.press(button_data(card, t("btn_card_send")))
        assert CODE_RE.search(texts(replies))
        assert "Đèn đường" in (await _only_report(session_factory(fresh_engine))).text
    finally:
        await fresh_engine.dispose()


async def _only_report(sessions: async_sessionmaker[AsyncSession]) -> Report:
    async with sessions() as session:
        return (await session.execute(select(Report))).scalar_one()


async def test_redelivered_update_is_processed_once(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    first = await chat.text(LAMP, update_key="tg-77")
    again = await chat.text(LAMP, update_key="tg-77")
    assert first and again == []
    async with sessions() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
    assert conversation.state == "report_place"
    assert conversation.data["text"].count("Đèn đường") == 1


async def test_update_ids_that_start_again_are_answered(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    now = [datetime(2026, 12, 1, 8, tzinfo=UTC)]
    dispatcher = Dispatcher(db, RecordingDelivery(), HANDLER_CONFIG, wall_clock=lambda: now[0])
    chat = ChatDriver(dispatcher, chat_id="3101")
    assert await chat.text("/start", update_key="42:1")
    assert await chat.text("/start", update_key="42:1") == []  # redelivered: skipped
    now[0] += timedelta(days=9)  # ids started again from 1
    assert await chat.text("/start", update_key="42:1")
    async with sessions() as session:
        keys = (await session.execute(select(ProcessedUpdate.update_key))).scalars().all()
    assert keys == ["42:1"]  # the expired record was replaced, not duplicated


async def test_photos_are_stored_and_linked_to_the_report(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    jpeg = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 100
    await chat.photo(jpeg)
    await chat.location(21.2849, 106.215)  # phường Bắc Giang's centroid
    card = await chat.photo(jpeg + b"2", caption=LAMP)
    summary = texts(await chat.press(button_data(card, t("btn_card_send"))))
    assert CODE_RE.search(summary)
    report = await _only_report(sessions)
    assert report.latitude == pytest.approx(21.2849)
    assert report.place_code is not None
    async with sessions() as session:
        photos = (await session.execute(select(Attachment))).scalars().all()
    assert [p.report_id for p in photos] == [report.id, report.id]
    assert photos[0].content == jpeg and photos[0].size == len(jpeg)


@pytest.mark.parametrize("step", ["describe", "place", "ward", "card"])
async def test_cancel_leaves_the_flow_at_any_step(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession], step: str
) -> None:
    chat = await consented_chat(dispatcher)
    actions = {
        "describe": lambda: chat.text("/phananh"),
        "place": lambda: chat.text(LAMP),
        "ward": lambda: chat.text("gần chợ"),
        "card": lambda: chat.text("Tân Dĩnh"),
    }
    for name, action in actions.items():
        await action()
        if name == step:
            break
    replies = await chat.text("/huy")
    assert t("flow_cancelled") in texts(replies)
    assert await count(sessions, Report) == 0
    stale = [d for d in callbacks(chat.history) if d.startswith("r:")]
    for data in stale:  # buttons of the cancelled report
        assert t("button_report_cancelled") in texts(await chat.press(data))
    assert await count(sessions, Report) == 0


async def test_bad_input_gets_clear_answers(dispatcher: Dispatcher) -> None:
    chat = await consented_chat(dispatcher)
    await chat.text("/phananh")
    assert t("description_empty") in texts(await chat.text("   "))
    assert t("description_emoji_only") in texts(await chat.text("😡😡😡🚧"))
    huge = "Đường làng thôn Hạ xã Tân Dĩnh bị sụt lún nghiêm trọng. " * 3000
    replies = await chat.text(huge)
    assert t("description_too_long", limit=4000) in texts(replies)
    assert "«Bổ sung»" in texts(replies)  # a promise the product keeps
    for what in ("sticker", "voice", "document", "something"):
        answer = texts(await chat.unsupported(what))
        assert "Bot nhận: tin nhắn chữ, ảnh, vị trí" in answer
    assert "/abc" in texts(await chat.text("/abc"))


async def test_a_flood_of_messages_is_slowed_down_and_kept(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
) -> None:
    config = HandlerConfig(flood_max_messages=5, flood_window_seconds=60)
    dispatcher = Dispatcher(db, RecordingDelivery(), config, clock=FakeClock())
    chat = await consented_chat(dispatcher)
    await chat.text("/phananh")
    answered: list[list[Reply]] = []
    for i in range(30):
        answered.append(await chat.text(f"Chi tiết số {i}: cống bị tắc ở ngõ 5 gây ngập đường"))
    all_replies = [r for replies in answered for r in replies]
    assert sum(t("slow_down") == r.text for r in all_replies) == 1
    assert len(all_replies) < 30
    async with sessions() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
    assert "số 29" in conversation.data["text"] and "số 0" in conversation.data["text"]


async def test_withdrawn_consent_and_erasure_say_what_the_database_holds(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    code = await complete_report(chat)
    withdrawn = texts(await chat.press("consent:no"))  # an old «Không đồng ý» button
    async with sessions() as session:
        citizen = (await session.execute(select(Citizen))).scalar_one()
    report = await _only_report(sessions)
    assert report.code == code and citizen.consented_at is None
    assert citizen.phone == "0912345678" and report.contact_phone == "0912345678"
    assert "không lưu thông tin nào" not in withdrawn
    assert citizen.phone in withdrawn and (citizen.display_name or "-") in withdrawn
    erased = texts(await chat.text("/xoadulieu"))
    assert "0912345678" in erased and "Nguyễn Văn An" in erased
    async with sessions() as session:
        citizen = (await session.execute(select(Citizen))).scalar_one()
        conversations = (await session.execute(select(Conversation))).scalars().all()
    report = await _only_report(sessions)
    assert citizen.phone is None and citizen.display_name is None and citizen.erased_at
    assert citizen.chat_id == "" and citizen.external_id != chat.chat_id
    assert report.contact_phone is None and report.anonymous and report.chat_id == ""
    assert report.text.startswith("Đường trục xã") and conversations == []
    assert t("erase_nothing") in texts(await chat.text("/xoadulieu"))
    assert t("consent_required") in texts(await chat.text("/phananh"))


async def test_someone_elses_contact_is_not_kept(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    await file_report(chat, LAMP, "xã Tân Dĩnh")
    await press_label(chat, t("btn_extra_phone"))
    assert t("contact_not_own") in texts(await chat.contact(""))
    assert t("extra_phone_invalid") in texts(await chat.text("số tôi là abc"))
    done = texts(await chat.contact("0987654321"))
    assert "0987654321" not in done or "Đã lưu" in done
    assert (await _only_report(sessions)).contact_phone == "0987654321"
