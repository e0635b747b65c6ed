"""`python -m bot nlp-corrections` exports what `python -m bot nlp train --extra` reads;
`python -m bot nlp` is the NLP command line."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.delivery import Outcome
from domain.messages import Reply
from domain.roles import Role, StaffActor
from handlers.staff.actions import StaffActions
from nlp.cli import _read_extra
from storage.database import Database
from tests.dashboard.reports.support import add_report

ROOT = Path(__file__).resolve().parents[3]
ADMIN = StaffActor(id=1, username="quantri", full_name=None, role=Role.ADMIN, communes=(), ip=None)


class NoDelivery:
    async def deliver(self, channel: str, chat_id: str, reply: Reply) -> Outcome:
        raise AssertionError("corrections notify nobody")


async def test_corrections_are_exported_as_training_lines(
    db_url: str, db: Database, sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    actions = StaffActions(db, NoDelivery())
    lamp = await add_report(sessions, "Đèn đường ngõ 5 tắt cả tuần", category="giao_thong")
    urgent = await add_report(sessions, "Cống vỡ, nước tràn", category="thoat_nuoc")
    await add_report(sessions, "Không ai sửa gì cả", category="khac")
    await actions.correct(ADMIN, lamp.code, category="dien")
    await actions.correct(ADMIN, urgent.code, urgency="cao")  # not a category: not exported
    output = tmp_path / "out" / "corrections.jsonl"
    env = {**os.environ, "DATABASE_URL": db_url}
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "nlp-corrections", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1" in done.stderr
    assert _read_extra(output) == [("Đèn đường ngõ 5 tắt cả tuần", "dien")]
    to_stdout = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "nlp-corrections"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert to_stdout.stdout.decode("utf-8") == output.read_text(encoding="utf-8")


def bot_output(*args: str, stdin: str | None = None) -> str:
    """Standard output of ``python -m bot ARGS`` (which must succeed)."""
    command = [sys.executable, "-m", "bot", *args]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    ).stdout


def test_bot_nlp_runs_the_nlp_command_line() -> None:
    classified = bot_output("nlp", "classify", stdin='{"text": "mat nuoc sach 3 ngay"}\n')
    assert json.loads(classified)["category"] == "nuoc_sach"
    helped = bot_output("nlp", "train", "--help")
    assert helped.startswith("usage: python -m bot nlp train")
    assert "--output" in helped and "--extra" in helped
    listed = bot_output("--help")
    assert "nlp-corrections" in listed and " nlp " in listed
