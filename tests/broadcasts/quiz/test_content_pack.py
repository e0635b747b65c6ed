"""The content pack: shape, Telegram limits, and loading it (twice) into the database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.content_pack import read_pack
from broadcasts.quiz import answer_callback, quiz_start_callback
from broadcasts.workflow import CampaignStatus
from storage.broadcast_models import Campaign, CampaignEvent, Quiz, QuizQuestion
from tests.broadcasts.quiz.support import load_pack
from tests.support.fake_bot_api_text import plain_text, utf16_length

VIETNAMESE = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def test_pack_has_enough_messages_of_every_form() -> None:
    pack = read_pack()
    messages = pack["messages"]
    assert len(messages) >= 8
    kinds = {m["kind"] for m in messages}
    assert {"explainer", "did_you_know", "call_to_action", "task", "contest"} <= kinds
    task_titles = [m["title"] for m in messages if m["kind"] == "task"]
    for number in range(1, 7):
        assert any(title.startswith(f"Nhiệm vụ {number}:") for title in task_titles), number
    call = next(m for m in messages if m["kind"] == "call_to_action")
    assert "/phananh" in call["text"]
    assert [m for m in messages if m.get("quiz")] == [m for m in messages if m["kind"] == "contest"]


def test_messages_fit_telegram_and_parse_as_html() -> None:
    for message in read_pack()["messages"]:
        assert message["parse_mode"] == "HTML"
        shown = plain_text(message["text"], "HTML")  # raises on malformed markup
        assert 0 < utf16_length(shown) <= 4096, message["code"]
        assert len(message["title"]) <= 300
        assert set(shown.lower()) & VIETNAMESE, message["code"]
        assert message["source"]["quotes"], message["code"]


def test_quiz_has_ten_questions_with_four_options_and_one_answer() -> None:
    quiz = read_pack()["quiz"]
    assert quiz["code"] == "ket-luan-72"
    questions = quiz["questions"]
    assert len(questions) == 10
    for question in questions:
        options = question["options"]
        assert len(options) == 4 and len(set(options)) == 4, question["text"]
        assert isinstance(question["correct_index"], int)
        assert 0 <= question["correct_index"] < 4
        assert question["explanation"] and question["source"]["quotes"]
        # Telegram quiz polls: question ≤ 300 (with "Câu 10/10: "), options ≤ 100, explanation ≤ 200
        assert len(f"Câu 10/10: {question['text']}") <= 300
        assert all(len(option) <= 100 for option in options)
        assert len(question["explanation"]) <= 200
    # answers are not all in the same position
    assert len({q["correct_index"] for q in questions}) == 4


def test_callback_data_fits_sixty_four_bytes() -> None:
    assert len(answer_callback(2**63 - 1, 3).encode()) <= 64
    assert len(quiz_start_callback(2**63 - 1).encode()) <= 64


async def _counts(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int, int, int]:
    async with sessions() as session:
        return (
            int(await session.scalar(select(func.count()).select_from(Campaign)) or 0),
            int(await session.scalar(select(func.count()).select_from(Quiz)) or 0),
            int(await session.scalar(select(func.count()).select_from(QuizQuestion)) or 0),
            int(await session.scalar(select(func.count()).select_from(CampaignEvent)) or 0),
        )


async def test_loading_creates_drafts_and_the_quiz_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    pack = read_pack()
    first = await load_pack(sessions)
    assert len(first.created) == len(pack["messages"]) and first.existing == []
    assert first.quiz_created and first.questions == 10 and first.quiz_code == "ket-luan-72"
    counts = await _counts(sessions)
    assert counts[:3] == (len(pack["messages"]), 1, 10)

    second = await load_pack(sessions)
    assert second.created == [] and sorted(second.existing) == sorted(first.created)
    assert not second.quiz_created and second.quiz_id == first.quiz_id
    assert await _counts(sessions) == counts

    async with sessions() as session:
        campaigns = (await session.scalars(select(Campaign).order_by(Campaign.id))).all()
        questions = (
            await session.scalars(select(QuizQuestion).order_by(QuizQuestion.position))
        ).all()
    assert {c.status for c in campaigns} == {CampaignStatus.DRAFT.value}
    assert {c.author for c in campaigns} == {"tuyentruyen"}
    assert [c.title for c in campaigns] == [m["title"] for m in pack["messages"]]
    with_quiz = [c for c in campaigns if c.quiz_id is not None]
    assert [c.title for c in with_quiz] == [m["title"] for m in pack["messages"] if m.get("quiz")]
    assert with_quiz[0].quiz_id == first.quiz_id
    assert all(c.audience_filter.get("topics") for c in campaigns)
    assert [q.text for q in questions] == [q["text"] for q in pack["quiz"]["questions"]]
    assert [q.correct_index for q in questions] == [
        q["correct_index"] for q in pack["quiz"]["questions"]
    ]
