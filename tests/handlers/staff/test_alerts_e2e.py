"""The staff group end to end: the real service and PTB against the loopback Bot API server."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from domain.catalogue import status_label, t
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head
from tests.e2e.service import TelegramUser, free_port, running_service, service_settings
from tests.e2e.test_telegram import consent, report_until_code
from tests.handlers.staff.seed import add_report, add_staff
from tests.support.fake_bot_api import FakeBotApi, SentMessage

GROUP = -1009876543210
OTHER_GROUP = -1001111111111
ADMIN_ID = 424242
STRANGER_ID = 777777
DASHBOARD = "https://phananh.example.vn"


async def group_message(api: FakeBotApi, needle: str, timeout: float = 20) -> SentMessage:
    """The first message to the staff group that contains ``needle``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in api.messages_to(GROUP):
            if needle in (message.text or ""):
                return message
        await asyncio.sleep(0.05)
    texts = [m.text for m in api.messages_to(GROUP)]
    raise AssertionError(f"no staff group message with {needle!r}: {texts!r}")


def buttons(message: SentMessage) -> list[dict[str, Any]]:
    markup = message.reply_markup or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


async def test_staff_group_alerts_accept_and_queue(api: FakeBotApi, db_url: str) -> None:
    engine = create_engine(db_url)
    await upgrade_to_head(engine)
    sessions = session_factory(engine)
    await add_staff(sessions, "binh", telegram_user_id=str(ADMIN_ID), full_name="Trần Thị Bình")
    waiting = [await add_report(sessions, text=f"Rác thải đổ trộm ở bãi số {i}") for i in range(3)]
    await engine.dispose()
    settings = service_settings(
        api,
        db_url,
        free_port(),
        staff_telegram_chat_id=GROUP,
        dashboard_public_url=DASHBOARD,
        alert_urgent_seconds=0.3,
        alert_batch_minutes=0.01,
    )
    async with running_service(settings):
        # Non-urgent reports arrive together in one summary message.
        batch = await group_message(api, t("alert_batch_title", count=3))
        assert all(report.code in (batch.text or "") for report in waiting)
        # A citizen's urgent report reaches the group on its own with both buttons.
        citizen = TelegramUser(api, 6001)
        await consent(citizen)
        code = await report_until_code(citizen, api, b"\xff\xd8photo")
        alert = await group_message(api, t("alert_urgent_title", code=code))
        assert [(b.get("callback_data"), b.get("url")) for b in buttons(alert)] == [
            (f"staff:accept:{code}", None),
            (None, f"{DASHBOARD}/phan-anh/{code}"),
        ]
        # Someone without a linked account is refused; the report stays new.
        api.push_update(
            api.callback_update(
                GROUP,
                f"staff:accept:{code}",
                message_id=alert.message_id,
                user_id=STRANGER_ID,
                first_name="Khách",
            )
        )
        await group_message(api, t("group_not_linked", name="Khách", user_id=STRANGER_ID))
        # The linked admin accepts: the group sees it and the citizen is told.
        api.push_update(
            api.callback_update(
                GROUP,
                f"staff:accept:{code}",
                message_id=alert.message_id,
                user_id=ADMIN_ID,
                first_name="Bình",
            )
        )
        accepted = t("group_accepted", code=code, name="Trần Thị Bình")
        await group_message(api, accepted)
        notice = await citizen.wait_for(status_label("da_tiep_nhan"))
        assert code in (notice[-1].text or "")
        assert {a.get("text") for a in api.callback_answers} >= {accepted[:200]}
        # /hangdoi: four open reports, all new; one of them urgent (now accepted).
        api.push_update(api.text_update(GROUP, "/hangdoi", user_id=ADMIN_ID))
        summary = await group_message(api, "Đang mở: 4")
        lines = (summary.text or "").splitlines()
        assert t("group_queue_status_line", status=status_label("moi"), count=3) in lines
        assert t("group_queue_status_line", status=status_label("da_tiep_nhan"), count=1) in lines
        assert "Khẩn cấp chưa tiếp nhận: 0" in lines
        # Other groups stay ignored, and nothing was announced twice.
        api.push_update(api.text_update(OTHER_GROUP, "/hangdoi", user_id=ADMIN_ID))
        api.push_update(api.text_update(GROUP, "/hangdoi", user_id=ADMIN_ID))
        await api.wait_for_messages(GROUP, len(api.messages_to(GROUP)) + 1)
        assert api.messages_to(OTHER_GROUP) == []
        alerts = [m for m in api.messages_to(GROUP) if m.reply_markup]
        pressed = [b.get("callback_data") for m in alerts for b in buttons(m)]
        assert sorted(p for p in pressed if p) == sorted(
            f"staff:accept:{c}" for c in [code, *(r.code for r in waiting)]
        )
