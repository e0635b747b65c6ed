"""Staff operations and the citizen's follow-up, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.roles import Role, StaffActor
from domain.statuses import InvalidTransition, ReportStatus
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from handlers.staff.actions import ActionError, StaffActions, corrections_from_events
from storage.database import Database
from storage.models import AuditEntry, Report, ReportEvent
from tests.handlers.chat_driver import ChatDriver, callbacks, texts
from tests.handlers.chat_driver import file_report as file_report_in
from tests.support.fake_delivery import RecordingDelivery

CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
ADMIN = StaffActor(
    id=1, username="quantri", full_name="Quản trị", role=Role.ADMIN, communes=(), ip="127.0.0.1"
)


@pytest.fixture
def sender() -> RecordingDelivery:
    """What staff actions deliver to citizens (the chat's own replies go elsewhere)."""
    return RecordingDelivery()


@pytest.fixture
def actions(
    sessions: async_sessionmaker[AsyncSession], db: Database, sender: RecordingDelivery
) -> StaffActions:
    return StaffActions(db, sender)


@pytest.fixture
def dispatcher(sessions: async_sessionmaker[AsyncSession], db: Database) -> Dispatcher:
    return Dispatcher(db, RecordingDelivery(), HandlerConfig(flood_max_messages=100))


async def file_report(dispatcher: Dispatcher, chat_id: str, text: str, place: str) -> str:
    chat = ChatDriver(dispatcher, chat_id=chat_id)
    await chat.text("/start")
    await chat.press("consent:yes")
    return await file_report_in(chat, text, place)


async def load(sessions: async_sessionmaker[AsyncSession], code: str) -> Report:
    async with sessions() as session:
        return (await session.execute(select(Report).where(Report.code == code))).scalar_one()


async def test_accept_resolve_reopen_and_rate(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sender: RecordingDelivery,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    code = await file_report(
        dispatcher, "7001", "Cầu tràn thôn Đồng bị sạt một bên mố", "xã Tân Dĩnh"
    )
    result = await actions.accept(ADMIN, code, note="Đã giao cán bộ xã kiểm tra")
    assert result.notified is True
    assert "Đã tiếp nhận" in sender.texts_to("7001")
    assert (await load(sessions, code)).accepted_at is not None
    await actions.set_status(ADMIN, code, ReportStatus.DA_GIAI_QUYET, public_note="Đã đổ bê tông")
    last = sender.to("7001")[-2:]  # the status notice, then the question
    assert callbacks(last) == [f"fixed:{code}:1", f"fixed:{code}:0"]
    citizen = ChatDriver(dispatcher, chat_id="7001")
    assert t("reopened", code=code) in texts(await citizen.press(f"fixed:{code}:0"))
    report = await load(sessions, code)
    assert report.status == "dang_xu_ly" and report.fixed_confirmed is False
    assert report.staff_alerted_at is None and report.resolved_at is None
    await actions.set_status(ADMIN, code, ReportStatus.DA_GIAI_QUYET)
    rating = await citizen.press(f"fixed:{code}:1")
    assert f"rate:{code}:5" in callbacks(rating)
    assert "4/5" in texts(await citizen.press(f"rate:{code}:4"))
    report = await load(sessions, code)
    assert report.rating == 4 and report.fixed_confirmed is True
    async with sessions() as session:
        audit = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert audit.count("report_status") == 3


async def test_question_answer_reply_and_internal_note(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sender: RecordingDelivery,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    code = await file_report(dispatcher, "7002", "Ổ gà lớn giữa đường trục thôn", "xã Tân Dĩnh")
    await actions.ask(ADMIN, code, "Ổ gà nằm trước số nhà bao nhiêu?")
    assert callbacks(sender.to("7002")[-1:]) == [f"answer:{code}"]
    citizen = ChatDriver(dispatcher, chat_id="7002")
    await citizen.press(f"answer:{code}")
    assert t("answer_recorded", code=code) in texts(await citizen.text("Trước nhà số 15 ạ"))
    await actions.note(ADMIN, code, "Chỉ cán bộ đọc được ghi chú này")
    await actions.reply(ADMIN, code, "Xã sẽ vá ổ gà trong tuần này")
    received = sender.texts_to("7002")
    assert "Xã sẽ vá ổ gà trong tuần này" in received
    assert "Chỉ cán bộ đọc" not in received
    async with sessions() as session:
        events = (
            (await session.execute(select(ReportEvent).order_by(ReportEvent.id))).scalars().all()
        )
    kinds = [e.kind for e in events]
    assert kinds == ["created", "question", "answer", "note", "reply"]
    assert events[2].details["text"] == "Trước nhà số 15 ạ"
    stranger = ChatDriver(dispatcher, chat_id="7999")
    await stranger.text("/start")
    await stranger.press("consent:yes")
    assert t("button_expired") in texts(await stranger.press(f"answer:{code}"))


async def test_merge_makes_the_duplicate_follow_the_main_report(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sender: RecordingDelivery,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    main = await file_report(dispatcher, "7101", "Đèn tín hiệu ngã tư chợ bị hỏng", "xã Tân Dĩnh")
    dup = await file_report(
        dispatcher, "7102", "Đèn giao thông ngã tư chợ không chạy", "xã Tân Dĩnh"
    )
    await actions.merge(ADMIN, dup, main)
    assert main in sender.texts_to("7102")
    merged = await load(sessions, dup)
    assert merged.status == "trung_lap" and merged.merged_into_id == (await load(sessions, main)).id
    await actions.accept(ADMIN, main)
    assert "Đã tiếp nhận" in sender.texts_to("7101") and "Đã tiếp nhận" in sender.texts_to("7102")
    with pytest.raises(ActionError):
        await actions.merge(ADMIN, main, main)


async def test_permissions_and_bad_input_are_refused(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    code = await file_report(dispatcher, "7201", "Cống qua đường bị sập nắp", "xã Tân Dĩnh")
    place_code = (await load(sessions, code)).place_code
    assert place_code
    elsewhere = StaffActor(
        id=2, username="canbo_khac", full_name=None, role=Role.CAN_BO, communes=("0000",), ip=None
    )
    leader = StaffActor(
        id=3, username="lanhdao", full_name=None, role=Role.LANH_DAO, communes=(), ip=None
    )
    local = StaffActor(
        id=4, username="canbo_xa", full_name=None, role=Role.CAN_BO, communes=(place_code,), ip=None
    )
    with pytest.raises(ActionError) as refused:
        await actions.accept(elsewhere, code)
    assert refused.value.key == "action_report_not_found"
    with pytest.raises(ActionError) as forbidden:
        await actions.note(leader, code, "xem")
    assert forbidden.value.key == "action_forbidden"
    await actions.accept(local, code)
    with pytest.raises(InvalidTransition):
        await actions.set_status(local, code, ReportStatus.MOI)
    with pytest.raises(ActionError):
        await actions.reply(local, code, "   ")
    with pytest.raises(ActionError):
        await actions.set_deadline(local, code, datetime.now(UTC) - timedelta(days=1))
    with pytest.raises(ActionError):
        await actions.correct(local, code, category="khong_co")


async def test_corrections_feed_training_and_deadlines_are_announced(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sender: RecordingDelivery,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    code = await file_report(dispatcher, "7301", "Cột điện nghiêng sát mái nhà dân", "xã Tân Dĩnh")
    before = await load(sessions, code)
    category = "giao_thong" if before.category != "giao_thong" else "dien"
    await actions.correct(ADMIN, code, category=category, urgency="thap")
    report = await load(sessions, code)
    assert (report.category, report.urgency) == (category, "thap")
    async with sessions() as session:
        events = (await session.execute(select(ReportEvent))).scalars().all()
    assert corrections_from_events(events) == [("Cột điện nghiêng sát mái nhà dân", category)]
    new_deadline = datetime.now(UTC) + timedelta(days=20)
    await actions.set_deadline(ADMIN, code, new_deadline, reason="Chờ Điện lực bố trí vật tư")
    assert "được điều chỉnh đến" in sender.texts_to("7301")
    assert (await load(sessions, code)).resolve_due_at == new_deadline


async def test_a_failed_delivery_keeps_the_change(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sender: RecordingDelivery,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    code = await file_report(dispatcher, "7401", "Rãnh thoát nước bị lấp đất", "xã Tân Dĩnh")
    sender.block("7401")
    result = await actions.accept(ADMIN, code)
    assert result.notified is False and "blocked" in (result.error or "")
    assert (await load(sessions, code)).status == "da_tiep_nhan"


async def _events(sessions: async_sessionmaker[AsyncSession], code: str) -> list[ReportEvent]:
    report = await load(sessions, code)
    async with sessions() as session:
        stmt = select(ReportEvent).where(ReportEvent.report_id == report.id)
        return list((await session.execute(stmt.order_by(ReportEvent.id))).scalars().all())


async def test_a_merge_is_traced_on_both_reports_and_can_be_undone(
    dispatcher: Dispatcher,
    actions: StaffActions,
    sender: RecordingDelivery,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    main = await file_report(dispatcher, "7401", "Ổ gà lớn trước cổng chợ Thương", "xã Tân Dĩnh")
    dup = await file_report(dispatcher, "7402", "Đường trước chợ Thương có ổ gà", "xã Tân Dĩnh")
    tail = await file_report(dispatcher, "7403", "Ổ gà to ở cổng chợ Thương", "xã Tân Dĩnh")
    place_code = (await load(sessions, dup)).place_code
    local = StaffActor(
        id=5, username="canbo_xa", full_name=None, role=Role.CAN_BO, communes=(place_code,), ip=None
    )
    await actions.merge(local, tail, dup)  # the tail follows the duplicate ...
    await actions.merge(local, dup, main)  # ... and with it the main report
    assert [e.kind for e in await _events(sessions, main)][-1] == "merged_in"
    assert (await _events(sessions, main))[-1].details == {"duplicate": dup}
    with pytest.raises(ActionError) as refused:
        await actions.set_status(local, dup, ReportStatus.DA_TIEP_NHAN)
    assert refused.value.key == "action_merged_use_unmerge"

    # The merged citizens hear of the resolution but get no buttons they could not use.
    sender.clear()
    await actions.set_status(local, main, ReportStatus.DA_GIAI_QUYET, public_note="Đã vá")
    assert callbacks(sender.to("7401")) == [f"fixed:{main}:1", f"fixed:{main}:0"]
    for chat in ("7402", "7403"):
        assert sender.texts_to(chat) and callbacks(sender.to(chat)) == []

    sender.clear()
    result = await actions.unmerge(local, dup)
    assert result.notified is True
    notice = t("unmerged_notice", code=dup, main=main, status="Mới gửi")
    assert sender.texts_to("7402") == notice and sender.texts_to("7403") == notice
    undone = await load(sessions, dup)
    assert undone.status == "moi" and undone.merged_into_id is None
    assert (await load(sessions, tail)).merged_into_id == undone.id  # its follower came back
    dup_events = await _events(sessions, dup)
    assert [e.kind for e in dup_events][-2:] == ["merge", "unmerge"]
    assert (dup_events[-1].from_status, dup_events[-1].to_status) == ("trung_lap", "moi")
    main_events = await _events(sessions, main)
    assert main_events[-1].kind == "unmerged_out" and main_events[-1].actor == "canbo_xa"
    async with sessions() as session:
        audit = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "report_unmerge"))
        ).scalar_one()
    assert audit.target == dup and audit.actor == "canbo_xa"

    with pytest.raises(ActionError) as not_merged:
        await actions.unmerge(local, dup)
    assert not_merged.value.key == "action_not_merged"
    await actions.merge(local, dup, main)
    elsewhere = StaffActor(
        id=6, username="canbo_khac", full_name=None, role=Role.CAN_BO, communes=("0000",), ip=None
    )
    with pytest.raises(ActionError) as hidden:
        await actions.unmerge(elsewhere, dup)
    assert hidden.value.key == "action_report_not_found"
    await actions.unmerge(ADMIN, dup)  # an admin may undo any merge
    assert (await load(sessions, dup)).merged_into_id is None
