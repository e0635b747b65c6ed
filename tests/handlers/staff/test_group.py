"""«Tiếp nhận» presses and /hangdoi in the staff group, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import status_label, t
from domain.delivery import Channel
from domain.messages import Incoming, IncomingKind, text_incoming
from handlers.staff.actions import StaffActions
from handlers.staff.alert_text import GroupConfig
from handlers.staff.group import StaffGroup
from storage.database import Database
from storage.models import AuditEntry, Report
from tests.handlers.staff.conftest import GROUP
from tests.handlers.staff.seed import add_report, add_staff
from tests.support.fake_delivery import RecordingDelivery

ADMIN_TG = "555001"
STRANGER_TG = "555999"


@pytest.fixture
def staff_group(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> StaffGroup:
    return StaffGroup(db, StaffActions(db, sender), group)


def press(code: str, user_id: str, name: str = "Trần Thị Bình", chat: str = GROUP) -> Incoming:
    return Incoming(
        channel=Channel.TELEGRAM,
        chat_id=chat,
        user_id=user_id,
        kind=IncomingKind.CALLBACK,
        callback_data=f"staff:accept:{code}",
        display_name=name,
    )


async def status_of(sessions: async_sessionmaker[AsyncSession], code: str) -> str:
    async with sessions() as session:
        return (
            await session.execute(select(Report.status).where(Report.code == code))
        ).scalar_one()


async def test_a_linked_admin_accepts_and_the_citizen_is_told(
    sessions: async_sessionmaker[AsyncSession], sender: RecordingDelivery, staff_group: StaffGroup
) -> None:
    await add_staff(sessions, "binh", telegram_user_id=ADMIN_TG)
    report = await add_report(sessions, chat_id="7100")
    [reply] = await staff_group.handle(press(report.code, ADMIN_TG), "u1")
    assert reply.text == t("group_accepted", code=report.code, name="Trần Thị Bình")
    assert await status_of(sessions, report.code) == "da_tiep_nhan"
    [notice] = sender.to("7100")
    assert status_label("da_tiep_nhan") in notice.text and report.code in notice.text
    async with sessions() as session:
        audit = (await session.execute(select(AuditEntry))).scalar_one()
    assert (audit.actor, audit.action, audit.target) == ("binh", "report_status", report.code)
    # The same press delivered again does nothing; a second press says it is done already.
    assert await staff_group.handle(press(report.code, ADMIN_TG), "u1") == []
    [again] = await staff_group.handle(press(report.code, ADMIN_TG), "u2")
    assert again.text == t(
        "group_already_accepted", code=report.code, status=status_label("da_tiep_nhan")
    )
    assert len(sender.to("7100")) == 1


async def test_an_unlinked_or_inactive_user_is_refused(
    sessions: async_sessionmaker[AsyncSession], sender: RecordingDelivery, staff_group: StaffGroup
) -> None:
    inactive = await add_staff(sessions, "cu", telegram_user_id="555002")
    async with sessions() as session:
        user = await session.get(type(inactive), inactive.id)
        assert user is not None
        user.active = False
        await session.commit()
    report = await add_report(sessions)
    for user_id in (STRANGER_TG, "555002"):
        [reply] = await staff_group.handle(press(report.code, user_id, "Lê Văn C"), None)
        assert reply.text == t("group_not_linked", name="Lê Văn C", user_id=user_id)
    assert await status_of(sessions, report.code) == "moi"
    assert sender.sent == []


async def test_a_role_without_triage_rights_cannot_accept(
    sessions: async_sessionmaker[AsyncSession], staff_group: StaffGroup
) -> None:
    await add_staff(sessions, "lanhdao", role="lanh_dao", telegram_user_id=ADMIN_TG)
    report = await add_report(sessions)
    [reply] = await staff_group.handle(press(report.code, ADMIN_TG), None)
    assert reply.text == t("group_action_failed", code=report.code, error=t("action_forbidden"))
    assert await status_of(sessions, report.code) == "moi"


async def test_a_stale_button_does_not_undo_a_refusal(
    sessions: async_sessionmaker[AsyncSession], staff_group: StaffGroup
) -> None:
    await add_staff(sessions, "binh", telegram_user_id=ADMIN_TG)
    report = await add_report(sessions, status="tu_choi")
    [reply] = await staff_group.handle(press(report.code, ADMIN_TG), None)
    assert reply.text == t(
        "group_already_accepted", code=report.code, status=status_label("tu_choi")
    )
    assert await status_of(sessions, report.code) == "tu_choi"


async def test_chatter_other_chats_and_unknown_buttons(
    sessions: async_sessionmaker[AsyncSession], staff_group: StaffGroup
) -> None:
    report = await add_report(sessions)
    assert (
        await staff_group.handle(text_incoming(Channel.TELEGRAM, GROUP, "1", "chào cả nhà")) == []
    )
    assert await staff_group.handle(text_incoming(Channel.TELEGRAM, GROUP, "1", "/phananh")) == []
    assert await staff_group.handle(press(report.code, ADMIN_TG, chat="-100999")) == []
    odd = Incoming(
        channel=Channel.TELEGRAM,
        chat_id=GROUP,
        user_id="1",
        kind=IncomingKind.CALLBACK,
        callback_data="cat:dien",
    )
    assert [r.text for r in await staff_group.handle(odd)] == [t("group_button_expired")]


async def test_hangdoi_counts_open_reports_overdue_and_urgent(
    sessions: async_sessionmaker[AsyncSession], staff_group: StaffGroup
) -> None:
    old = datetime.now(UTC) - timedelta(days=20)
    await add_report(sessions, urgency="cao")  # new, urgent, on time
    await add_report(sessions, urgency="cao", created=old, resolve_due=timedelta(days=30))
    await add_report(sessions, created=old, resolve_due=timedelta(days=30))  # late to accept
    await add_report(sessions, status="dang_xu_ly", created=old)  # late to resolve
    await add_report(sessions, status="da_tiep_nhan")
    await add_report(sessions, status="da_chuyen", created=old)  # late to resolve
    await add_report(sessions, status="da_giai_quyet", created=old)  # closed: not counted
    await add_report(sessions, status="tu_choi")
    [reply] = await staff_group.handle(
        text_incoming(Channel.TELEGRAM, GROUP, "1", "/hangdoi@phananh_bot")
    )
    lines = reply.text.splitlines()
    assert "Đang mở: 6" in lines
    for status, count in (("moi", 3), ("da_tiep_nhan", 1), ("dang_xu_ly", 1), ("da_chuyen", 1)):
        assert t("group_queue_status_line", status=status_label(status), count=count) in lines
    assert "Quá hạn tiếp nhận: 2" in lines
    assert "Quá hạn giải quyết: 2" in lines
    assert "Khẩn cấp chưa tiếp nhận: 2" in lines
