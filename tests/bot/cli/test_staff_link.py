"""``python -m bot staff link-telegram``: links an account, refuses bad input."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import select

from bot.cli import parser
from bot.cli.staff_link import run_link
from domain.catalogue import t
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head
from storage.models import AuditEntry, StaffUser
from tests.handlers.staff.seed import add_staff


def args(*argv: str) -> argparse.Namespace:
    return parser().parse_args(["staff", "link-telegram", *argv])


async def test_link_telegram(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = create_engine(db_url)
    await upgrade_to_head(engine)
    sessions = session_factory(engine)
    await add_staff(sessions, "binh")
    await add_staff(sessions, "an", telegram_user_id="111")
    assert await run_link(db_url, args("binh", "424242")) == 0
    assert t("cli_link_done", username="binh", telegram_user_id="424242") in capsys.readouterr().out
    assert await run_link(db_url, args("nobody", "5")) == 1
    assert t("cli_link_unknown_user", username="nobody") in capsys.readouterr().err
    for bad in ("abc", "-5", "0"):
        assert await run_link(db_url, args("binh", bad)) == 1
        assert t("cli_link_bad_id") in capsys.readouterr().err
    assert await run_link(db_url, args("binh", "111")) == 1
    assert t("cli_link_taken", telegram_user_id="111", other="an") in capsys.readouterr().err
    async with sessions() as session:
        users = {
            u.username: u.telegram_user_id
            for u in (await session.execute(select(StaffUser))).scalars()
        }
        audit = (await session.execute(select(AuditEntry))).scalars().all()
    await engine.dispose()
    assert users == {"binh": "424242", "an": "111"}
    assert [(a.action, a.target, a.details) for a in audit] == [
        ("staff_telegram_linked", "binh", {"old": None, "new": "424242"})
    ]
