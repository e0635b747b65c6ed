"""Zalo in webhook and polling mode through the inbox: the secret, both event shapes,
duplicates, staff replies."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot.bootstrap import open_services
from bot.channels.zalo.runtime import SECRET_HEADER, WEBHOOK_PATH
from domain.catalogue import t
from domain.roles import Role, StaffActor
from handlers.staff.actions import StaffActions
from storage.database import create_engine, session_factory
from storage.inbox_models import InboxUpdate
from tests.bot.channels.zalo.test_conversation import consent, report_until_code, zalo_settings
from tests.bot.channels.zalo.zalo_user import ZaloUser
from tests.e2e.service import free_port, running_service
from tests.support.fake_zalo_api import FakeZaloApi

OFFICER = StaffActor(
    id=1, username="canbo", full_name="Cán bộ MTTQ", role=Role.ADMIN, communes=(), ip=None
)
UNKNOWN_CODE = "/tracuu PA-0000000"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"


async def test_webhook_mode_checks_the_secret_reads_both_shapes_and_dedupes(
    zalo_api: FakeZaloApi, sqlite_url: str
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = zalo_settings(
        zalo_api, sqlite_url, port, zalo_webhook_url=base, zalo_webhook_secret="s3cret-zalo-hook"
    )
    async with running_service(settings):
        assert zalo_api.webhook_url == base + WEBHOOK_PATH
        assert zalo_api.webhook_secret == "s3cret-zalo-hook"
        event = zalo_api.message_event("zw1", "message.text.received", text="/trogiup")
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "wrong-secret"}):
                async with http.post(base + WEBHOOK_PATH, json=event, headers=headers) as answer:
                    assert answer.status == 403
            secret = {SECRET_HEADER: "s3cret-zalo-hook"}
            async with http.post(base + WEBHOOK_PATH, json={"x": 1}, headers=secret) as answer:
                assert answer.status == 200  # stored parked: redelivering it would not help
        user = ZaloUser(zalo_api, "zw1", shape="wrapped")
        await user.send_text("/trogiup", "/phananh")  # {"ok": true, "result": event}
        user.shape = "flat"
        await consent(user)
        await user.send_text(UNKNOWN_CODE, "PA-0000000", message_id="dup-1")
        await zalo_api.push_text("zw1", UNKNOWN_CODE, message_id="dup-1")  # redelivered
        await user.send_text("/trogiup", "/phananh")  # comes after the twin in this chat
        assert zalo_api.webhook_answers and set(zalo_api.webhook_answers) == {200}
    assert zalo_api.texts_to("zw1").count(t("code_not_found", code="PA-0000000")) == 1
    engine = create_engine(sqlite_url)
    async with session_factory(engine)() as session:
        rows = (await session.execute(select(InboxUpdate.state, InboxUpdate.update_key))).all()
    await engine.dispose()
    assert ("parked", None) in rows and ("done", "dup-1") in rows  # every event went through
    assert not any(m == "getUpdates" for m, _ in zalo_api.calls)  # never both at once


async def test_polling_dedupes_and_a_staff_reply_reaches_the_zalo_chat(
    zalo_api: FakeZaloApi, db_url: str
) -> None:
    settings = zalo_settings(zalo_api, db_url, free_port())
    user = ZaloUser(zalo_api, "zp1")
    async with running_service(settings):
        assert any(m == "deleteWebhook" for m, _ in zalo_api.calls)
        await consent(user)
        code = await report_until_code(user)
        await user.send_text(UNKNOWN_CODE, "PA-0000000", message_id="dup-2")
        await zalo_api.push_text("zp1", UNKNOWN_CODE, message_id="dup-2")
        await user.send_text("/trogiup", "/phananh")
        # A staff member answers from another process (a command, the dashboard's port).
        async with open_services(settings, telegram=False) as services:
            actions = StaffActions(services.db, services.delivery)
            result = await actions.reply(OFFICER, code, "Điện lực đã cử người đến sửa.")
        assert result.notified is True, result.error
        messages = await user.wait_for("Điện lực đã cử người đến sửa.")
        assert code in (messages[-1].text or "")
        zalo_api.blocked.add("zp1")  # the citizen blocked the bot: staff learn it
        async with open_services(settings, telegram=False) as services:
            actions = StaffActions(services.db, services.delivery)
            result = await actions.reply(OFFICER, code, "Xin hỏi thêm.")
        assert result.notified is False
    assert zalo_api.texts_to("zp1").count(t("code_not_found", code="PA-0000000")) == 1
