"""Periodic reports: periods, once per period, XLSX with charts, printable HTML, summary."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.channels import ChannelRouter
from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery
from domain.catalogue import t
from domain.delivery import Channel, Delivered, Failed, Outcome
from domain.messages import Reply
from domain.sla import VN_TZ
from reporting.jobs import register_stats_jobs, run_periodic
from reporting.periods import period_end, previous_period, valid_start
from storage.database import Database
from storage.generated_reports import GeneratedReportRepository
from storage.models import GeneratedReport
from tests.reporting.seed import NOW, SPECS, seed
from tests.support.fake_bot_api import FakeBotApi

LEADERS = -100777


class RecordingPort:
    """A delivery port that keeps what it was asked to deliver."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Reply]] = []

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        self.sent.append((channel, chat_id, message))
        return Delivered(message_id=str(len(self.sent)))


def test_periods() -> None:
    assert previous_period("weekly", date(2026, 3, 16)) == date(2026, 3, 9)
    assert previous_period("weekly", date(2026, 3, 22)) == date(2026, 3, 9)
    assert previous_period("monthly", date(2026, 4, 1)) == date(2026, 3, 1)
    assert previous_period("monthly", date(2026, 1, 15)) == date(2025, 12, 1)
    assert period_end("monthly", date(2025, 12, 1)) == date(2026, 1, 1)
    assert period_end("monthly", date(2026, 2, 1)) == date(2026, 3, 1)
    assert period_end("weekly", date(2026, 3, 9)) == date(2026, 3, 16)
    assert valid_start("weekly", date(2026, 3, 9), date(2026, 3, 16))
    assert not valid_start("weekly", date(2026, 3, 10), date(2026, 3, 30))  # a Tuesday
    assert not valid_start("weekly", date(2026, 3, 16), date(2026, 3, 16))  # not over yet
    assert not valid_start("monthly", date(2026, 3, 2), date(2026, 5, 1))
    assert not valid_start("daily", date(2026, 3, 2), date(2026, 5, 1))


def test_jobs_fire_monday_and_first_of_month_at_seven() -> None:
    scheduler = AsyncIOScheduler(timezone=VN_TZ)
    register_stats_jobs(scheduler, None, RecordingPort(), None)  # type: ignore[arg-type]
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"stats_weekly_report", "stats_monthly_report"}
    after = datetime(2026, 3, 17, 12, 0, tzinfo=VN_TZ)
    weekly = jobs["stats_weekly_report"].trigger.get_next_fire_time(None, after)
    monthly = jobs["stats_monthly_report"].trigger.get_next_fire_time(None, after)
    assert weekly == datetime(2026, 3, 23, 7, 0, tzinfo=VN_TZ)
    assert monthly == datetime(2026, 4, 1, 7, 0, tzinfo=VN_TZ)


async def test_weekly_report_is_generated_once_with_charts_and_summary(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    codes = await seed(sessions, SPECS)
    port = RecordingPort()
    first = await run_periodic(db, port, str(LEADERS), "weekly", now=NOW)
    second = await run_periodic(db, port, str(LEADERS), "weekly", now=NOW)
    assert first.report.created and not second.report.created
    assert second.report.report_id == first.report.report_id
    assert first.summary == Delivered(message_id="1") and second.summary is None
    async with sessions() as session:
        count = (await session.execute(select(func.count(GeneratedReport.id)))).scalar_one()
        stored = await session.get(GeneratedReport, first.report.report_id)
    assert count == 1 and stored is not None
    assert stored.kind == "weekly"
    assert stored.period_start == datetime(2026, 3, 9, tzinfo=VN_TZ)
    # Only the first run announces the report.
    assert len(port.sent) == 1
    channel, chat_id, reply = port.sent[0]
    assert (channel, chat_id) == (Channel.TELEGRAM, str(LEADERS))
    text = reply.text
    assert "Tổng số phản ánh: 3" in text  # C, D, E were received in the week of 9 March
    assert "Đã giải quyết: 1" in text
    assert "09/03/2026 – 15/03/2026" in text
    assert "Điện, đèn chiếu sáng (1)" in text

    book = load_workbook(io.BytesIO(stored.xlsx))
    assert book.sheetnames[:3] == [
        t("stats_sheet_summary"),
        t("stats_sheet_categories"),
        t("stats_sheet_weekly"),
    ]
    summary = book[t("stats_sheet_summary")]
    assert [summary.cell(3, 1).value, summary.cell(3, 2).value] == [t("stats_total"), 3]
    categories = book[t("stats_sheet_categories")]
    assert len(categories._charts) == 1
    assert len(book[t("stats_sheet_weekly")]._charts) == 1
    rows = list(book[t("stats_sheet_list")].iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Ngày gửi", "Loại")
    assert sorted(r[0] for r in rows[1:]) == sorted(codes[2:5])
    assert "<svg" in stored.html and "@page" in stored.html
    assert "Báo cáo tuần từ 09/03/2026 đến 15/03/2026" in stored.html


async def test_monthly_summary_reaches_the_leadership_telegram_chat(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    async with FakeBotApi() as api:
        bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        await bot.initialize()
        router = ChannelRouter()
        router.register(Channel.TELEGRAM, TelegramDelivery(bot, RateBudget()))
        try:
            april = datetime(2026, 4, 1, 7, 0, tzinfo=VN_TZ)
            outcome = await run_periodic(db, router, str(LEADERS), "monthly", now=april)
        finally:
            await bot.shutdown()
        messages = await api.wait_for_messages(LEADERS, 1)
    assert outcome.report.created
    assert isinstance(outcome.summary, Delivered)
    assert len(messages) == 1
    assert "Báo cáo tháng (01/03/2026 – 31/03/2026)" in (messages[0].text or "")
    assert "Tổng số phản ánh: 5" in (messages[0].text or "")


async def test_without_telegram_the_report_is_still_stored(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    outcome = await run_periodic(db, ChannelRouter(), str(LEADERS), "weekly", now=NOW)
    assert outcome.report.created  # the unknown channel is logged and skipped
    assert isinstance(outcome.summary, Failed)
    port = RecordingPort()
    outcome = await run_periodic(db, port, None, "monthly", date(2026, 2, 1), now=NOW)
    assert outcome.report.created
    assert outcome.summary is None and port.sent == []  # no leadership chat configured


async def test_a_period_stored_meanwhile_by_another_worker_is_not_stored_twice(
    sessions: async_sessionmaker[AsyncSession], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(sessions, SPECS)
    first = await run_periodic(db, RecordingPort(), None, "weekly", now=NOW)
    real_find = GeneratedReportRepository.find
    calls: list[int] = []

    async def find_missing_once(
        self: GeneratedReportRepository, kind: str, period_start: datetime, scope: str = ""
    ) -> GeneratedReport | None:
        calls.append(1)
        return None if len(calls) == 1 else await real_find(self, kind, period_start, scope)

    monkeypatch.setattr(GeneratedReportRepository, "find", find_missing_once)
    port = RecordingPort()
    again = await run_periodic(db, port, str(LEADERS), "weekly", now=NOW)
    assert not again.report.created and again.report.report_id == first.report.report_id
    assert again.summary is None and port.sent == []
    async with sessions() as session:
        count = (await session.execute(select(func.count(GeneratedReport.id)))).scalar_one()
    assert count == 1
