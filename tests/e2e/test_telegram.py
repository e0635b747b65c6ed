"""The real python-telegram-bot Application against the loopback Bot API server."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from domain.catalogue import t
from storage.database import create_engine, session_factory
from storage.models import Attachment, Conversation, Report
from tests.e2e.service import (
    TelegramUser,
    free_port,
    inline_callbacks,
    running_service,
    service_settings,
)
from tests.support.fake_bot_api import FakeBotApi

CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
ROOT = Path(__file__).resolve().parents[2]
REPORT = "Cột điện đầu ngõ 12 thôn Đông bị đổ, dây điện đứt rơi xuống đường đang chập tóe lửa"
LAMP = "Đèn đường đầu ngõ 12 hỏng cả tuần nay, tối om"
CARD = "Bấm «Gửi» nếu đúng"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"


async def consent(user: TelegramUser) -> None:
    messages = await user.send_text("/start", "Nghị định 13/2023/NĐ-CP")
    assert inline_callbacks(messages) == ["consent:yes", "consent:no"]
    await user.press("consent:yes", t("consent_thanks"))


async def report_until_code(user: TelegramUser, api: FakeBotApi, photo: bytes) -> str:
    """A live wire: filed at once, the code with the safety notice, the rest added after."""
    messages = await user.send_text(REPORT, t("ask_place_urgent").split("?")[0])
    notice = next(m.text or "" for m in messages if "113" in (m.text or ""))
    match = CODE_RE.search(notice)
    assert match  # the code comes with the safety notice: the report is stored already
    code = match.group(0)
    await user.send(api.location_update(user.chat_id, 21.2849, 106.215), "Đã bổ sung địa điểm")
    messages = await user.send(api.photo_update(user.chat_id, photo), "Bạn muốn thêm ảnh này")
    assert f"x:keep:{code}" in inline_callbacks(messages)
    await user.press(f"x:keep:{code}", "Đã bổ sung vào phản ánh")
    await user.press(f"x:phone:{code}", "Gửi số điện thoại")
    await user.send(api.contact_update(user.chat_id, "+84912345678"), "Đã lưu số điện thoại")
    return code


async def test_citizen_reports_over_telegram_polling(api: FakeBotApi, db_url: str) -> None:
    settings = service_settings(api, db_url, free_port())
    photo = b"\xff\xd8\xff\xe0JFIF" + os.urandom(2048)
    async with running_service(settings):
        user = TelegramUser(api, 5001)
        await consent(user)
        assert {c["command"] for c in api.commands} >= {"start", "phananh", "tracuu", "huy"}
        assert any(c["description"] == t("cmd_phananh") for c in api.commands)
        code = await report_until_code(user, api, photo)
        messages = await user.send_text(f"/tracuu {code}", "Tình trạng")
        assert "Mới gửi" in (messages[-1].text or "")
        await user.send_text(t("menu_mine"), code)
        await user.send(api.sticker_update(user.chat_id), "nhãn dán")
    engine = create_engine(db_url)
    async with session_factory(engine)() as session:
        report = (await session.execute(select(Report))).scalar_one()
        stored = (await session.execute(select(Attachment))).scalar_one()
    await engine.dispose()
    assert report.code == code and report.category == "dien" and report.urgency == "cao"
    assert report.contact_phone == "+84912345678" and report.latitude == pytest.approx(21.2849)
    assert stored.content == photo and stored.report_id == report.id


async def test_restart_mid_report_continues_where_the_citizen_was(
    api: FakeBotApi, sqlite_url: str
) -> None:
    settings = service_settings(api, sqlite_url, free_port())
    user = TelegramUser(api, 5002)
    async with running_service(settings):
        await consent(user)
        await user.send_text(LAMP, "Sự việc ở đâu")
    async with running_service(settings):  # a new process would see the same database
        messages = await user.send_text("thôn Đông, phường Bắc Giang", CARD)
        send = next(d for d in inline_callbacks(messages) if d.startswith("r:send"))
        await user.press(send, "Mã tra cứu")


async def test_webhook_mode_dedupes_and_checks_the_secret(api: FakeBotApi, sqlite_url: str) -> None:
    port = free_port()
    settings = service_settings(
        api,
        sqlite_url,
        port,
        telegram_webhook_url=f"http://127.0.0.1:{port}",
        telegram_webhook_secret="s3cret-value",
    )
    async with running_service(settings) as base:
        assert api.webhook_url == f"{base}/telegram/webhook"
        assert api.webhook_secret == "s3cret-value"
        user = TelegramUser(api, 5003, webhook=True)
        await consent(user)
        update = api.text_update(user.chat_id, LAMP)
        await user.send(update, "Sự việc ở đâu")
        before = len(api.messages_to(user.chat_id))
        assert await api.deliver_webhook(update) == 200  # Telegram redelivers the same update
        await asyncio.sleep(1.0)
        assert len(api.messages_to(user.chat_id)) == before
        async with aiohttp.ClientSession() as http:
            wrong = await http.post(
                f"{base}/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "nope"},
            )
            assert wrong.status == 403
            garbage = await http.post(
                f"{base}/telegram/webhook",
                data=b"{not json",
                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"},
            )
            assert garbage.status == 200
        await user.send_text("phường Bắc Giang", CARD)  # the service is still answering


async def test_rate_limits_and_blocked_users_do_not_break_the_bot(
    api: FakeBotApi, sqlite_url: str
) -> None:
    settings = service_settings(api, sqlite_url, free_port())
    async with running_service(settings):
        user = TelegramUser(api, 5004)
        api.fail_next("sendMessage", 429, retry_after=1)
        await consent(user)  # the 429 was waited out and the welcome still arrived
        assert api.too_many_requests >= 1
        api.block_chat(5005)
        api.push_update(api.text_update(5005, "/start"))
        await user.send_text("/trogiup", "Cách sử dụng")  # still serving others


async def test_status_change_from_the_cli_reaches_the_citizen_chat(
    api: FakeBotApi, sqlite_url: str
) -> None:
    settings = service_settings(api, sqlite_url, free_port())
    async with running_service(settings):
        user = TelegramUser(api, 5006)
        await consent(user)
        code = await report_until_code(user, api, b"\xff\xd8photo")
    env = {
        **os.environ,
        "DATABASE_URL": sqlite_url,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_FILE_BASE_URL": api.base_file_url,
    }
    done = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "bot",
            "report",
            "set-status",
            code,
            "da_chuyen",
            "--note",
            "Đã chuyển Điện lực xử lý trong ngày",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Đã chuyển cơ quan chức năng" in done.stdout
    messages = await user.wait_for("Đã chuyển cơ quan chức năng")
    assert "Đã chuyển Điện lực xử lý trong ngày" in (messages[-1].text or "")
    api.block_chat(user.chat_id)
    blocked = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "report", "set-status", code, "da_giai_quyet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert blocked.returncode == 3 and "chưa gửi được" in blocked.stderr
    invalid = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "report", "set-status", code, "moi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert invalid.returncode == 2 and "Không thể chuyển" in invalid.stderr


async def test_malformed_updates_and_floods_are_survived(api: FakeBotApi, sqlite_url: str) -> None:
    settings = service_settings(api, sqlite_url, free_port(), flood_max_messages=5)
    async with running_service(settings):
        user = TelegramUser(api, 5007)
        await consent(user)
        api.push_update({"message": {"message_id": 1, "text": "thiếu chat và date"}})
        api.push_update({"edited_message": api.text_update(5007, "sửa tin")["message"]})
        await user.send_text("/phananh", t("ask_description").split(" (")[0])
        for i in range(30):  # short pieces of one description, sent in a burst
            api.push_update(api.text_update(5007, f"lần{i}"))
        await user.wait_for(t("slow_down"))
        api.push_update(api.text_update(5007, LAMP))  # processed, its answer held back
        await user.press("consent:yes", t("consent_thanks"))  # buttons are always answered
    engine = create_engine(sqlite_url)
    async with session_factory(engine)() as session:
        report_text = (await session.execute(select(Conversation))).scalar_one().data["text"]
    await engine.dispose()
    assert "lần0" in report_text and "lần29" in report_text and "Đèn đường" in report_text


async def test_a_citizen_who_types_instead_of_pressing(api: FakeBotApi, db_url: str) -> None:
    """Thanks, a photo first, «đúng rồi» to the card, a code inside a sentence, a stale button."""
    settings = service_settings(api, db_url, free_port())
    async with running_service(settings):
        user = TelegramUser(api, 5011)
        await consent(user)
        await user.send_text("cảm ơn bạn nhiều nhé", t("thanks_reply"))
        photo = api.photo_update(user.chat_id, b"\xff\xd8\xff\xe0JFIF" + os.urandom(512))
        await user.send(photo, t("ask_description_after_photo"))
        card = await user.send_text(
            "o ga to giua duong thon Dong xa Tan Dinh, di lai rat kho", CARD
        )
        send = next(d for d in inline_callbacks(card) if d.startswith("r:send"))
        saved = await user.send_text("đúng rồi", "Mã tra cứu")
        code = CODE_RE.search(saved[0].text or "")
        assert code
        await user.press(send, t("button_report_filed", code=code.group(0)))
        await user.send_text(f"mã của tôi là {code.group(0).lower()} nhé", "Tình trạng")
        await user.send_text("bao giờ thì sửa xong ạ?", code.group(0))
    engine = create_engine(db_url)
    async with session_factory(engine)() as session:
        report = (await session.execute(select(Report))).scalar_one()
        photos = (await session.execute(select(Attachment))).scalars().all()
    await engine.dispose()
    assert report.code == code.group(0) and report.place_code and report.category == "giao_thong"
    assert [p.report_id for p in photos] == [report.id]
