"""A citizen on Zalo through the real service: numbered choices, a photo, tracking, dedupe.

The service (``build_app``) runs on loopback against the fake Zalo Bot API, polling, on SQLite
and PostgreSQL; the same handlers answer as on Telegram, rendered as numbered choices.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import select

from bot.settings import Settings
from domain.catalogue import t
from storage.database import create_engine, session_factory
from storage.models import Attachment, Citizen, Report
from storage.zalo_models import ZaloChoiceSet
from tests.bot.channels.zalo.zalo_user import ZaloUser
from tests.e2e.service import free_port, running_service, service_settings
from tests.support.fake_zalo_api import FakeZaloApi

CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
REPORT = "Đèn đường ở ngõ 5 thôn Đông, phường Bắc Giang bị hỏng mấy hôm nay, buổi tối rất tối"
URGENT = "Cột điện đầu ngõ 12 thôn Đông bị đổ, dây điện đứt rơi xuống đường đang chập tóe lửa"
CARD = "📋 Phản ánh của bạn"
PHOTO = b"\xff\xd8\xff\xe0JFIF" + os.urandom(4096)


def zalo_settings(api: FakeZaloApi, db_url: str, port: int, **extra: object) -> Settings:
    """The service on Zalo only (no Telegram), sending as fast as the fake allows."""
    values: dict[str, object] = {
        "zalo_bot_token": api.token,
        "zalo_api_base_url": api.base_url,
        "zalo_chat_spacing_seconds": 0,
        "zalo_rate_per_second": 100,
        "dashboard_public_url": f"http://127.0.0.1:{port}",
    }
    values.update(extra)
    return service_settings(None, db_url, port, **values)


async def consent(user: ZaloUser) -> None:
    await user.send_text("Xin chào", "Nghị định 13/2023/NĐ-CP")
    assert user.number_of("Tôi đồng ý") == 1
    await user.choose("Tôi đồng ý", t("consent_thanks").split(".")[0])


async def report_until_code(user: ZaloUser) -> str:
    """Report a broken street light with a photo, choosing by typed numbers; the code."""
    messages = await user.send_text(REPORT, "Điện, đèn chiếu sáng")
    if CARD not in (messages[-1].text or ""):  # the bot asks which category first
        await user.choose("Điện, đèn chiếu sáng", CARD, typed="số {n}")
    await user.choose("Thêm ảnh", "Mời bạn gửi ảnh", typed="{n}.")
    await user.send_photo(PHOTO, "Đã nhận ảnh (1)")
    messages = await user.choose("Gửi", "Mã tra cứu")
    match = CODE_RE.search(messages[-1].text or "")
    assert match, messages[-1].text
    await user.wait_for(t("menu_report"))  # the menu follows, numbered on after the buttons
    assert user.number_of("Để lại số điện thoại") < user.number_of(t("menu_report")[2:])
    await user.choose("Để lại số điện thoại", t("zalo_type_phone"))
    await user.send_text("0912 345 678", "Đã lưu số điện thoại")
    return match.group(0)


async def test_a_whole_report_on_zalo_with_numbered_choices(
    zalo_api: FakeZaloApi, db_url: str
) -> None:
    port = free_port()
    async with running_service(zalo_settings(zalo_api, db_url, port)):
        user = ZaloUser(zalo_api, "zu100")
        await consent(user)
        code = await report_until_code(user)
        messages = await user.send_text(f"/tracuu {code}", "Tình trạng")
        assert "Mới gửi" in (messages[-1].text or "")
        await user.send_text("/cuatoi", code)
        await zalo_api.push(zalo_api.message_event("zu100", "message.sticker.received"))
        await user.wait_for("nhãn dán")
    engine = create_engine(db_url)
    async with session_factory(engine)() as session:
        report = (await session.execute(select(Report))).scalar_one()
        stored = (await session.execute(select(Attachment))).scalar_one()
        citizen = (await session.execute(select(Citizen))).scalar_one()
        choices = await session.get(ZaloChoiceSet, "zu100")
    await engine.dispose()
    assert citizen.channel == "zalo" and citizen.chat_id == "zu100"
    assert report.code == code and report.category == "dien"
    assert report.contact_phone == "0912345678"
    assert stored.content == PHOTO and stored.report_id == report.id
    assert choices is not None and choices.choices  # kept in the database


async def test_a_restart_keeps_the_numbered_choices(zalo_api: FakeZaloApi, tmp_path: Path) -> None:
    settings = zalo_settings(zalo_api, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", free_port())
    user = ZaloUser(zalo_api, "zr1")
    async with running_service(settings):
        await consent(user)
        messages = await user.send_text(REPORT, "Điện, đèn chiếu sáng")
    async with running_service(settings):  # a new process: only the database remembers
        if CARD not in (messages[-1].text or ""):
            await user.choose("Điện, đèn chiếu sáng", CARD)
        await user.choose("Gửi", "Mã tra cứu")
