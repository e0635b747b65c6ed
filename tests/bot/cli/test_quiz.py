"""The operators' quiz commands: load-content-pack, quiz leaderboard, quiz contest."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.campaigns import build_parser
from broadcasts.content_pack import read_pack
from broadcasts.quiz import record_answer
from domain.catalogue import t
from storage.broadcast_models import Quiz, QuizQuestion
from storage.uow import UnitOfWork
from tests.broadcasts.quiz.support import add_subscriber
from tests.support.cli_help import all_parsers, assert_every_option_explained

ROOT = Path(__file__).resolve().parents[3]


async def _cli(db_url: str, cwd: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "campaign", *args,
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    return int(process.returncode or 0), out.decode(), err.decode()


async def test_load_leaderboard_and_contest_commands(
    db_url: str, sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    count = len(read_pack()["messages"])
    code, out, _ = await _cli(db_url, tmp_path, "load-content-pack", "--author", "tuyentruyen")
    assert code == 0 and f"{count} chiến dịch mới" in out and "mới tạo" in out
    code, out, _ = await _cli(db_url, tmp_path, "load-content-pack")
    assert code == 0 and "0 chiến dịch mới" in out and f"{count} chiến dịch đã có" in out

    code, out, _ = await _cli(db_url, tmp_path, "quiz", "leaderboard", "ket-luan-72")
    assert code == 0 and t("qz_lb_empty") in out

    subscriber = await add_subscriber(sessions, "8001", name="Trần Thị Hoa", groups=("cd1",))
    async with UnitOfWork(sessions) as uow:
        question = (
            await uow.session.scalars(select(QuizQuestion).order_by(QuizQuestion.position))
        ).first()
        assert question is not None
        await record_answer(uow, question, subscriber, question.correct_index)
        await uow.commit()
    code, out, _ = await _cli(db_url, tmp_path, "quiz", "leaderboard", "ket-luan-72")
    assert code == 0 and t("qz_lb_col_score") in out
    hoa = [line for line in out.splitlines() if "Hoa" in line]
    assert [[cell.strip() for cell in line.split(" | ")[:4]] for line in hoa] == [
        ["1", "Trần Thị Hoa", "1", "1"]
    ]
    code, out, _ = await _cli(
        db_url, tmp_path, "quiz", "leaderboard", "ket-luan-72", "--by", "group"
    )
    assert code == 0 and "Chi đoàn cd1" in out

    code, _, err = await _cli(db_url, tmp_path, "quiz", "leaderboard", "khong-co")
    assert code == 2 and t("qz_cli_not_found", code="khong-co") in err
    code, _, err = await _cli(
        db_url, tmp_path, "quiz", "contest", "ket-luan-72", "--opens", "2024-05-02T08:00",
        "--closes", "2024-05-01T08:00",
    )  # fmt: skip
    assert code == 2 and t("qz_cli_bad_window") in err
    code, out, _ = await _cli(
        db_url, tmp_path, "quiz", "contest", "ket-luan-72", "--opens", "2024-05-01T08:00",
        "--closes", "2024-05-31T17:00",
    )  # fmt: skip
    assert code == 0 and "08:00 ngày 01/05/2024" in out
    async with sessions() as session:
        quiz = (await session.scalars(select(Quiz))).one()
    assert quiz.is_contest and quiz.opens_at is not None and quiz.closes_at is not None
    assert (quiz.closes_at - quiz.opens_at).days == 30


def test_every_option_of_the_campaign_commands_has_a_help_text() -> None:
    parsers = all_parsers(build_parser())
    prefix = "python -m bot campaign "
    assert {p.prog.removeprefix(prefix) for p in parsers[1:]} >= {
        "create", "approve", "send", "pause", "resume", "cancel", "status", "export",
        "import-subscribers", "group", "group create", "group list", "load-content-pack",
        "quiz", "quiz leaderboard", "quiz contest",
    }  # fmt: skip
    assert_every_option_explained(parsers[1:])
