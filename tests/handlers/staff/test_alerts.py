"""New and reopened reports reach the staff group once, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.delivery import Channel, Failed
from handlers.staff.alert_text import GroupConfig
from handlers.staff.alerts import AlertLimits, StaffAlerts
from storage.database import Database
from storage.models import Report, ReportEvent
from tests.handlers.staff.conftest import DASHBOARD, GROUP
from tests.handlers.staff.seed import add_report
from tests.support.fake_delivery import RecordingDelivery


def codes_in(text: str, codes: list[str]) -> list[str]:
    return [code for code in codes if code in text]


async def alerted_at(sessions: async_sessionmaker[AsyncSession], code: str) -> datetime | None:
    async with sessions() as session:
        stmt = select(Report.staff_alerted_at).where(Report.code == code)
        return (await session.execute(stmt)).scalar_one()


async def test_an_urgent_report_is_announced_alone_with_both_buttons(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    urgent = await add_report(sessions, urgency="cao", text="Dây điện đứt rơi xuống đường")
    normal = await add_report(sessions)
    alerts = StaffAlerts(db, sender, group)
    assert await alerts.send_urgent() == 1
    [(channel, chat, reply)] = sender.sent
    assert (channel, chat) == (Channel.TELEGRAM, GROUP)
    assert t("alert_urgent_title", code=urgent.code) in reply.text
    assert "Dây điện đứt rơi xuống đường" in reply.text and normal.code not in reply.text
    [[accept, link]] = reply.buttons
    assert (accept.text, accept.callback_data) == (
        t("btn_staff_accept"),
        f"staff:accept:{urgent.code}",
    )
    assert (link.text, link.url) == (t("btn_staff_open"), f"{DASHBOARD}/phan-anh/{urgent.code}")
    assert await alerted_at(sessions, urgent.code) is not None
    assert await alerted_at(sessions, normal.code) is None  # waits for the batch
    assert await alerts.send_urgent() == 0 and len(sender.sent) == 1


async def test_without_a_dashboard_url_there_is_no_link_button(
    sessions: async_sessionmaker[AsyncSession], db: Database, sender: RecordingDelivery
) -> None:
    report = await add_report(sessions, urgency="cao")
    await StaffAlerts(db, sender, GroupConfig(chat_id=GROUP)).send_urgent()
    [[accept]] = sender.to(GROUP)[0].buttons
    assert accept.callback_data == f"staff:accept:{report.code}" and accept.url is None


async def test_non_urgent_reports_are_summarised_in_one_message(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    reports = [await add_report(sessions, text=f"Đèn đường số {i} hỏng lâu ngày") for i in range(4)]
    await add_report(sessions, alerted=True)  # already announced
    await add_report(sessions, status="tu_choi")  # closed: nothing to do
    alerts = StaffAlerts(db, sender, group)
    assert await alerts.send_urgent() == 0
    assert await alerts.send_batch() == 4
    [reply] = sender.to(GROUP)
    codes = [r.code for r in reports]
    assert codes_in(reply.text, codes) == codes
    assert t("alert_batch_title", count=4) in reply.text
    assert [[b.callback_data for b in row] for row in reply.buttons] == [
        [f"staff:accept:{code}", None] for code in codes
    ]
    assert [row[1].url for row in reply.buttons] == [f"{DASHBOARD}/phan-anh/{c}" for c in codes]
    assert await alerts.send_batch() == 0 and len(sender.sent) == 1


async def test_a_run_sends_a_bounded_number_of_messages_and_the_rest_waits(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    created = datetime.now(UTC) - timedelta(hours=1)
    reports = [await add_report(sessions, created=created + timedelta(minutes=i)) for i in range(7)]
    alerts = StaffAlerts(db, sender, group, AlertLimits(batch_size=3, batches_per_run=2))
    assert await alerts.send_batch() == 6
    assert len(sender.sent) == 2
    assert await alerts.send_batch() == 1
    last = sender.to(GROUP)[-1].text
    assert codes_in(last, [r.code for r in reports]) == [reports[-1].code]


async def test_running_twice_concurrently_announces_each_report_once(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    urgent = [await add_report(sessions, urgency="cao") for _ in range(4)]
    normal = [await add_report(sessions) for _ in range(5)]
    first = StaffAlerts(db, sender, group)
    second = StaffAlerts(db, sender, group)
    await asyncio.gather(
        first.send_urgent(), second.send_urgent(), first.send_batch(), second.send_batch()
    )
    await asyncio.gather(first.send_urgent(), second.send_batch())
    text = "\n".join(r.text for r in sender.to(GROUP))
    for report in urgent + normal:
        assert text.count(report.code) == 1, report.code


async def test_a_failed_send_is_retried_by_the_next_run(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    urgent = await add_report(sessions, urgency="cao")
    normal = await add_report(sessions)
    alerts = StaffAlerts(db, sender, group)
    sender.fail_all = Failed("Bad Gateway", transient=True)
    assert await alerts.send_urgent() == 0 and await alerts.send_batch() == 0
    assert await alerted_at(sessions, urgent.code) is None
    assert await alerted_at(sessions, normal.code) is None
    sender.fail_all = None
    assert await alerts.send_urgent() == 1 and await alerts.send_batch() == 1
    assert await alerted_at(sessions, urgent.code) is not None


async def test_a_reopened_report_is_announced_again_as_not_fixed(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    report = await add_report(sessions, alerted=True, status="dang_xu_ly")
    urgent = await add_report(sessions, alerted=True, status="dang_xu_ly", urgency="cao")
    fresh = await add_report(sessions)
    async with sessions() as session:
        for reopened in (report, urgent):
            session.add(
                ReportEvent(
                    report_id=reopened.id,
                    actor="citizen",
                    kind="reopen",
                    from_status="da_giai_quyet",
                    to_status="dang_xu_ly",
                )
            )
        await session.execute(
            update(Report)
            .where(Report.id.in_([report.id, urgent.id]))
            .values(staff_alerted_at=None)
        )
        await session.commit()
    alerts = StaffAlerts(db, sender, group)
    await alerts.send_urgent()
    await alerts.send_batch()
    urgent_reply, batch_reply = sender.to(GROUP)
    assert t("alert_reopened_title", code=urgent.code) in urgent_reply.text
    # No «Tiếp nhận» for a report already in progress: only the dashboard link.
    assert [[b.url is not None for b in row] for row in urgent_reply.buttons] == [[True]]
    reopened_line = next(line for line in batch_reply.text.splitlines() if report.code in line)
    fresh_line = next(line for line in batch_reply.text.splitlines() if fresh.code in line)
    assert "Người dân báo chưa khắc phục" in reopened_line
    assert "Người dân báo chưa khắc phục" not in fresh_line
