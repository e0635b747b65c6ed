"""Question answering on the in-memory unit of work: the answer, the hand-off to staff."""

from __future__ import annotations

from pathlib import Path

from handlers.citizen.qa_documents import add_document
from tests.handlers.chat_driver import ChatDriver, texts
from tests.support.fake_uow import FakeDatabase

LETTER = Path(__file__).resolve().parents[3] / "docs" / "sources" / "2987-CV-TU.txt"


async def test_a_cited_answer_and_a_forwarded_question(
    fake_db: FakeDatabase, chat: ChatDriver
) -> None:
    async with fake_db.uow() as uow:
        await add_document(
            uow, title="Công văn 2987", filename=LETTER.name, data=LETTER.read_bytes()
        )
        await uow.commit()
    reply = texts(await chat.text("/hoidap ai ky cong van"))
    assert "Lê Thị Thu Hồng" in reply and reply.endswith("📄 Nguồn: Công văn 2987, phần cuối.")
    await chat.text("/hoidap giá xăng hôm nay")
    await chat.press("qa:forward")
    assert [(q.question, q.chat_id) for q in fake_db.store.forwarded] == [
        ("giá xăng hôm nay", "5001")
    ]
