"""The citizen report flow through the real handlers and storage (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.messages import Reply
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.database import Database, create_engine, session_factory
from storage.models import Attachment, Citizen, Consent, Conversation, Report, ReportEvent
from tests.handlers.chat_driver import ChatDriver, callbacks, texts
from tests.support.clock import FakeClock
from tests.support.fake_delivery import RecordingDelivery

HANDLER_CONFIG = HandlerConfig(flood_max_messages=100)  # flood control has its own test
CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
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
    """Walk the whole flow choosing the bot's proposals; returns the tracking code."""
    replies = await chat.text(text)
    if not any(d.startswith("cat:") for d in callbacks(replies)):  # short-text follow-up
        replies = await chat.text(text)
    replies = await chat.press("cat:giao_thong")
    if "place:ok" in callbacks(replies):
        await chat.press("place:ok")
    else:
        await chat.text("thôn Hạ, xã Tân Dĩnh, huyện Lạng Giang")
    await chat.press("photo:skip")
    await chat.press("anon:0")
    await chat.text("0912 345 678")
    replies = await chat.press("confirm:yes")
    match = CODE_RE.search(texts(replies))
    assert match, texts(replies)
    return match.group(0)


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


async def test_complete_report_is_committed_with_code_deadline_and_urgency(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    replies = await chat.text(POTHOLE)
    assert "113" in texts(replies) and "115" in texts(replies)  # people fell: urgent
    assert any(r.urgent for r in replies)
    assert "cat:giao_thong" in callbacks(replies)
    code = await complete_report(chat)  # continues from the proposal already shown
    saved = texts(chat.history[-2:])
    assert t("report_saved").split("\n")[0] in saved and "Mới gửi" in saved
    assert "Hạn trả lời kết quả" in saved
    async with sessions() as session:
        report = (await session.execute(select(Report).where(Report.code == code))).scalar_one()
        events = (await session.execute(select(ReportEvent))).scalars().all()
    assert report.category == "giao_thong" and report.status == "moi"
    assert report.urgency == "cao" and report.urgency_reasons
    assert report.contact_phone == "0912345678" and not report.anonymous
    assert report.accept_due_at < report.resolve_due_at
    assert [e.kind for e in events] == ["created"]


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
    await chat.text(POTHOLE)
    await chat.press("cat:giao_thong")
    await engine.dispose()  # the process dies here
    fresh_engine = create_engine(db_url)
    try:
        chat.dispatcher = Dispatcher(Database(fresh_engine), RecordingDelivery(), HANDLER_CONFIG)
        replies = await chat.text("thôn Hạ, xã Tân Dĩnh")
        assert "photo:skip" in callbacks(replies)
        await chat.press("photo:skip")
        await chat.press("anon:1")
        replies = await chat.press("confirm:yes")
        assert CODE_RE.search(texts(replies))
        assert "ổ gà rất sâu" in (await _only_report(session_factory(fresh_engine))).text
    finally:
        await fresh_engine.dispose()


async def _only_report(sessions: async_sessionmaker[AsyncSession]) -> Report:
    async with sessions() as session:
        return (await session.execute(select(Report))).scalar_one()


async def test_redelivered_update_is_processed_once(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    first = await chat.text(POTHOLE, update_key="tg-77")
    again = await chat.text(POTHOLE, update_key="tg-77")
    assert first and again == []
    async with sessions() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
    assert conversation.state == "report_category"
    assert conversation.data["text"].count("ổ gà") == 1


async def test_photos_are_stored_and_linked_to_the_report(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    await chat.text(POTHOLE)
    await chat.press("cat:giao_thong")
    await chat.location(21.2849, 106.215)  # phường Bắc Giang's centroid
    jpeg = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 100
    replies = await chat.photo(jpeg)
    assert "1/3" in texts(replies)
    await chat.photo(jpeg + b"2")
    await chat.press("photo:done")
    await chat.press("anon:1")
    summary = texts(await chat.press("confirm:yes"))
    assert CODE_RE.search(summary)
    report = await _only_report(sessions)
    assert report.latitude == pytest.approx(21.2849) and report.anonymous
    assert report.place_code is not None
    async with sessions() as session:
        photos = (await session.execute(select(Attachment))).scalars().all()
    assert [p.report_id for p in photos] == [report.id, report.id]
    assert photos[0].content == jpeg and photos[0].size == len(jpeg)


@pytest.mark.parametrize("step", ["describe", "category", "place", "photo", "anonymous", "confirm"])
async def test_cancel_leaves_the_flow_at_any_step(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession], step: str
) -> None:
    chat = await consented_chat(dispatcher)
    actions = {
        "describe": lambda: chat.text("/phananh"),
        "category": lambda: chat.text(POTHOLE),
        "place": lambda: chat.press("cat:giao_thong"),
        "photo": lambda: chat.text("xã Tân Dĩnh"),
        "anonymous": lambda: chat.press("photo:skip"),
        "confirm": lambda: chat.press("anon:1"),
    }
    for name, action in actions.items():
        await action()
        if name == step:
            break
    replies = await chat.text("/huy")
    assert t("flow_cancelled") in texts(replies)
    assert await count(sessions, Report) == 0
    replies = await chat.press("confirm:yes")  # a stale button after cancelling
    assert t("button_expired") in texts(replies)
    assert await count(sessions, Report) == 0


async def test_bad_input_gets_clear_answers(dispatcher: Dispatcher) -> None:
    chat = await consented_chat(dispatcher)
    await chat.text("/phananh")
    assert t("description_empty") in texts(await chat.text("   "))
    assert t("description_emoji_only") in texts(await chat.text("😡😡😡🚧"))
    huge = "Đường làng bị sụt lún nghiêm trọng. " * 3000
    replies = await chat.text(huge)
    assert t("description_too_long", limit=4000) in texts(replies)
    assert "cat:pick" in callbacks(replies)
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
    answered: list[list[Reply]] = []
    for i in range(30):
        answered.append(await chat.text(f"Bổ sung chi tiết số {i}: cống bị tắc ở ngõ 5 gây ngập"))
    all_replies = [r for replies in answered for r in replies]
    assert sum(t("slow_down") == r.text for r in all_replies) == 1
    assert len(all_replies) < 30
    async with sessions() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
    assert "số 29" in conversation.data["text"] and "số 0" in conversation.data["text"]


async def test_erase_blanks_personal_data_but_keeps_reports(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = await consented_chat(dispatcher)
    await complete_report(chat)
    assert t("erase_done") in texts(await chat.text("/xoadulieu"))
    async with sessions() as session:
        citizen = (await session.execute(select(Citizen))).scalar_one()
    report = await _only_report(sessions)
    assert citizen.phone is None and citizen.display_name is None and citizen.erased_at
    assert report.contact_phone is None and report.anonymous
    assert t("consent_required") in texts(await chat.text("/phananh"))


async def test_someone_elses_contact_is_not_kept(dispatcher: Dispatcher) -> None:
    chat = await consented_chat(dispatcher)
    await chat.text(POTHOLE)
    await chat.press("cat:giao_thong")
    await chat.text("xã Tân Dĩnh")
    await chat.press("photo:skip")
    await chat.press("anon:0")
    assert t("phone_invalid") in texts(await chat.contact(""))
    assert t("phone_invalid") in texts(await chat.text("số tôi là abc"))
    summary = texts(await chat.contact("0987654321"))
    assert "0987654321" in summary and "Nguyễn Văn An" in summary
