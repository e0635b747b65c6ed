"""Questions answered from the documents through the real dispatcher (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from handlers.citizen.qa_documents import SEED_TITLE, add_document, ensure_seed_document
from storage.database import Database
from storage.knowledge_models import ForwardedQuestion
from tests.handlers.chat_driver import ChatDriver, button_data, callbacks, texts
from tests.support.fake_delivery import RecordingDelivery

ROOT = Path(__file__).resolve().parents[3]
LETTER = ROOT / "docs" / "sources" / "2987-CV-TU.txt"
GUIDE = ROOT / "docs" / "sources" / "huong-dan-phan-anh.md"
SOURCE_LINE = f"📄 Nguồn: {SEED_TITLE}, mục 1."
UNKNOWN_LINE = "❔ Chưa có thông tin về nội dung này trong các văn bản hiện có."


@pytest.fixture
async def dispatcher(db: Database) -> Dispatcher:
    async with db.uow() as uow:
        assert await ensure_seed_document(uow, LETTER) is not None
        assert await ensure_seed_document(uow, LETTER) is None  # loaded once
        await uow.commit()
    return Dispatcher(db, RecordingDelivery(), HandlerConfig(flood_max_messages=100))


async def test_hoidap_with_a_question_quotes_the_letter_and_names_the_section(
    dispatcher: Dispatcher,
) -> None:
    chat = ChatDriver(dispatcher)
    replies = await chat.text("/hoidap tinh dat muc tieu gi den nam 2030")
    reply = texts(replies)
    assert "hoàn thành mục tiêu phát triển kết cấu hạ tầng" in reply
    assert reply.splitlines()[-1] == SOURCE_LINE
    more = button_data(replies, t("btn_qa_more"))
    shown = await chat.press(more)
    assert shown and all(r.text.splitlines()[-1].startswith("📄 Nguồn: ") for r in shown)
    assert texts(shown) != reply


async def test_hoidap_alone_asks_then_answers_the_typed_question(dispatcher: Dispatcher) -> None:
    chat = ChatDriver(dispatcher)
    assert texts(await chat.text("/hoidap")) == t("qa_ask")
    reply = texts(await chat.text("Ai ký công văn 2987?"))
    assert "Lê Thị Thu Hồng" in reply
    # the state is over: a greeting is no longer read as a question
    assert "Nguồn" not in texts(await chat.text("chào bạn"))


async def test_an_unknown_question_is_declined_and_can_reach_staff(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = ChatDriver(dispatcher, chat_id="2002")
    await chat.text("/start")
    await chat.press("consent:yes")
    replies = await chat.text("/hoidap Học phí đại học năm nay bao nhiêu?")
    assert texts(replies).splitlines()[-1] == UNKNOWN_LINE
    assert texts(await chat.press(button_data(replies, t("btn_qa_forward")))) == t("qa_forwarded")
    assert texts(await chat.press("qa:forward")) == t("qa_forward_expired")  # sent once
    async with sessions() as session:
        rows = list((await session.execute(select(ForwardedQuestion))).scalars())
    assert [(r.question, r.channel, r.chat_id, r.status) for r in rows] == [
        ("Học phí đại học năm nay bao nhiêu?", "test", "2002", "open")
    ]


async def test_forwarding_needs_the_consent(dispatcher: Dispatcher) -> None:
    chat = ChatDriver(dispatcher, chat_id="3003")
    replies = await chat.text("/hoidap giá vàng hôm nay")
    assert texts(replies).splitlines()[-1] == UNKNOWN_LINE
    assert "consent:yes" in callbacks(await chat.press("qa:forward"))


async def test_a_document_added_later_is_answered_without_a_restart(
    dispatcher: Dispatcher, db: Database
) -> None:
    chat = ChatDriver(dispatcher, chat_id="4004")
    before = texts(await chat.text("/hoidap mã tra cứu có dạng thế nào"))
    assert "PA-XXXXXXX" not in before
    async with db.uow() as uow:
        await add_document(
            uow, title="Hướng dẫn gửi phản ánh", filename=GUIDE.name, data=GUIDE.read_bytes()
        )
        await uow.commit()
    after = texts(await chat.text("/hoidap mã tra cứu có dạng thế nào"))
    assert "PA-XXXXXXX" in after
    assert after.splitlines()[-1].startswith("📄 Nguồn: Hướng dẫn gửi phản ánh, ")


async def test_the_menu_button_asks_for_the_question(dispatcher: Dispatcher) -> None:
    chat = ChatDriver(dispatcher, chat_id="5005")
    await chat.text("/start")
    await chat.press("consent:yes")
    assert texts(await chat.text(t("menu_questions"))) == t("qa_ask")
    assert "Ban Thường vụ Tỉnh ủy" in texts(await chat.text("bao cao dinh ky cho ai"))
