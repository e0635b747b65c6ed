"""``python -m bot stats generate``: once per period, clear exit codes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli import parser
from bot.cli import stats as cli_stats
from bot.settings import Settings
from storage.models import GeneratedReport
from tests.reporting.seed import SPECS, seed


async def test_generate_once_then_report_it_exists(
    db_url: str, sessions: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(sessions, SPECS)
    settings = Settings(_env_file=None, database_url=db_url)  # type: ignore[call-arg]
    argv = ["stats", "generate", "--kind", "weekly", "--period-start", "2026-03-09"]
    assert await cli_stats.run(settings, parser().parse_args(argv)) == 0
    assert "Đã lập Báo cáo tuần kỳ 09/03/2026 – 15/03/2026" in capsys.readouterr().out
    assert await cli_stats.run(settings, parser().parse_args(argv)) == 0
    assert "đã có; không lập lại" in capsys.readouterr().out
    async with sessions() as session:
        assert (await session.execute(select(func.count(GeneratedReport.id)))).scalar_one() == 1
    bad = ["stats", "generate", "--kind", "monthly", "--period-start", "2026-03-09"]
    assert await cli_stats.run(settings, parser().parse_args(bad)) == 2
    assert "2026-03-09" in capsys.readouterr().err


async def test_a_summary_that_cannot_be_sent_is_reported_and_the_report_kept(
    db_url: str, sessions: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(sessions, SPECS)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=db_url, leadership_telegram_chat_id="-100777"
    )
    argv = ["stats", "generate", "--kind", "monthly", "--period-start", "2026-03-01"]
    assert await cli_stats.run(settings, parser().parse_args(argv)) == 0  # Telegram is off
    captured = capsys.readouterr()
    assert "Đã lập Báo cáo tháng kỳ 01/03/2026 – 31/03/2026" in captured.out
    assert "Không gửi được tóm tắt tới nhóm lãnh đạo" in captured.err
