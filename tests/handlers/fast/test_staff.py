"""A staff change reaches the citizen through the delivery port (in-memory fakes)."""

from __future__ import annotations

import asyncio

from domain.catalogue import t
from domain.delivery import Outcome
from domain.messages import Reply
from domain.roles import Role, StaffActor
from domain.statuses import ReportStatus
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from handlers.staff.actions import StaffActions
from tests.handlers.chat_driver import ChatDriver, callbacks, file_report, texts
from tests.handlers.fast.test_citizen import POTHOLE_WITH_PLACE
from tests.support.fake_delivery import RecordingDelivery
from tests.support.fake_uow import FakeDatabase

ADMIN = StaffActor(
    id=1, username="quantri", full_name="Quản trị", role=Role.ADMIN, communes=(), ip="127.0.0.1"
)


async def test_a_status_change_is_stored_audited_and_told_to_the_citizen(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    code = await file_report(chat, POTHOLE_WITH_PLACE)
    actions = StaffActions(fake_db.as_database(), delivery)
    result = await actions.accept(ADMIN, code, note="Đã giao cán bộ xã kiểm tra")
    assert result.notified is True and result.error is None
    notice = delivery.to("5001")[-1]
    assert "Đã tiếp nhận" in notice.text and "Đã giao cán bộ xã kiểm tra" in notice.text
    [report] = fake_db.store.reports
    assert report.status == "da_tiep_nhan" and report.accepted_at is not None
    accepted = fake_db.store.events[-1]
    assert accepted.kind == "status" and accepted.notified_at is not None
    assert [a.action for a in fake_db.store.audit] == ["report_status"]
    await actions.set_status(ADMIN, code, ReportStatus.DA_GIAI_QUYET)
    assert callbacks(delivery.to("5001")[-1:]) == [f"fixed:{code}:1", f"fixed:{code}:0"]
    assert t("reopened", code=code) in texts(await chat.press(f"fixed:{code}:0"))
    assert report.status == "dang_xu_ly" and report.fixed_confirmed is False
    # the same message's other button is settled, it does not act
    settled = texts(await chat.press(f"fixed:{code}:1"))
    assert t("fixed_already_no", code=code) in settled and report.fixed_confirmed is False


async def test_follow_up_buttons_answer_once(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    code = await file_report(chat, POTHOLE_WITH_PLACE)
    actions = StaffActions(fake_db.as_database(), delivery)
    await actions.set_status(ADMIN, code, ReportStatus.DA_GIAI_QUYET)
    await chat.press(f"fixed:{code}:1")
    assert t("rating_thanks", rating="5", code=code) in texts(await chat.press(f"rate:{code}:5"))
    [report] = fake_db.store.reports
    assert t("fixed_already_yes", code=code) in texts(await chat.press(f"fixed:{code}:0"))
    assert report.status == "da_giai_quyet"  # «Chưa khắc phục» did not reopen it
    assert t("rating_already", rating=5, code=code) in texts(await chat.press(f"rate:{code}:1"))
    assert report.rating == 5


async def test_a_blocked_citizen_keeps_the_change_and_staff_see_why(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    code = await file_report(chat, POTHOLE_WITH_PLACE)
    delivery.block("5001")
    result = await StaffActions(fake_db.as_database(), delivery).accept(ADMIN, code)
    assert result.notified is False and "blocked" in (result.error or "")
    assert fake_db.store.reports[0].status == "da_tiep_nhan"
    assert fake_db.store.events[-1].notified_at is None


class SlowDelivery(RecordingDelivery):
    """Yields to the event loop on every message, so interleaving would show."""

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        await asyncio.sleep(0)
        return await super().deliver(channel, chat_id, message)


async def test_one_chat_answers_leave_in_message_order(fake_db: FakeDatabase) -> None:
    """The per-chat lock covers delivery: two messages' replies never interleave."""
    delivery = SlowDelivery()
    dispatcher = Dispatcher(fake_db.as_database(), delivery, HandlerConfig())
    chat = ChatDriver(dispatcher, chat_id="5004")
    await chat.text("/start")
    await chat.press("consent:yes")
    delivery.clear()
    first, second = await asyncio.gather(chat.text("/start"), chat.text("/trogiup"))
    assert first and second
    assert [s.reply for s in delivery.sent] == [*first, *second]


async def test_notes_reach_the_citizen_as_plain_words_and_a_refusal_says_why(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    code = await file_report(chat, POTHOLE_WITH_PLACE)
    actions = StaffActions(fake_db.as_database(), delivery)
    await actions.reply(ADMIN, code, "<b>Lưu ý</b>: đội &amp; xã sẽ đến kiểm tra")
    reply = delivery.to("5001")[-1].text
    assert "<b>" not in reply and "Lưu ý: đội & xã sẽ đến kiểm tra" in reply
    await actions.set_status(ADMIN, code, ReportStatus.TU_CHOI)
    refusal = delivery.to("5001")[-1].text
    assert "Không hợp lệ" in refusal and "phản ánh mới" in refusal
