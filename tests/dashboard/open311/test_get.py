"""GET requests: filters, paging, dates, and status changes seen through the API."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.open311.delivery import Open311Delivery
from domain.roles import Role, StaffActor
from domain.sla import VN_TZ
from domain.statuses import ReportStatus
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from handlers.staff.actions import StaffActions
from storage.database import Database
from storage.models import Report
from storage.uow import UnitOfWork
from tests.dashboard.open311.support import Api, errors_of, open311_api, xml_requests
from tests.handlers.chat_driver import ChatDriver, texts
from tests.support.fake_delivery import RecordingDelivery

STAFF = StaffActor(id=0, username="canbo", full_name=None, role=Role.ADMIN, communes=(), ip=None)


async def _file(api: Api, service_code: str, description: str) -> str:
    form = {
        "api_key": api.key,
        "service_code": service_code,
        "address_string": "Phường Bắc Giang, tỉnh Bắc Ninh",
        "description": description,
    }
    status, text = await api.post("json", form)
    assert status == 200, text
    return str(json.loads(text)[0]["service_request_id"])


async def _ids(api: Api, **params: str) -> list[str]:
    status, body = await api.get_json("/open311/v2/requests.json", **params)
    assert status == 200, body
    api.validate("ServiceRequestList", body)
    return [item["service_request_id"] for item in body]


async def test_filters_paging_and_dates(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with open311_api(db_url, sessions) as api:
        road = await _file(api, "giao_thong", "Đường liên thôn bị sạt lở một đoạn dài")
        power = await _file(api, "dien", "Đèn đường cả khu phố không sáng từ tuần trước")
        old = await _file(api, "dien", "Cột điện nghiêng sắp đổ ra đường")
        long_ago = datetime.now(UTC) - timedelta(days=120)
        async with UnitOfWork(sessions) as uow:
            await uow.session.execute(
                update(Report).where(Report.code == old).values(created_at=long_ago)
            )
            await uow.commit()

        assert await _ids(api) == [power, road]  # newest first; the last 90 days by default
        assert await _ids(api, service_code="dien") == [power]
        assert await _ids(api, service_code="dien,giao_thong") == [power, road]
        assert await _ids(api, status="open") == [power, road]
        assert await _ids(api, status="closed") == []
        assert await _ids(api, status="open,closed") == [power, road]
        assert await _ids(api, page_size="1") == [power]
        assert await _ids(api, page_size="1", page="2") == [road]
        assert await _ids(api, page_size="1", page="3") == []

        today = datetime.now(VN_TZ).date()
        assert await _ids(api, start_date=str(today)) == [power, road]
        assert await _ids(api, start_date=str(today + timedelta(days=1))) == []
        assert await _ids(api, end_date=str(today - timedelta(days=1))) == []
        start = (long_ago - timedelta(days=1)).astimezone(VN_TZ).isoformat(timespec="seconds")
        end = (long_ago + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert await _ids(api, start_date=start, end_date=end) == [old]
        # service_request_id overrides every other filter (the old one is found too)
        ids = f"{old}, {road.lower()}"
        assert sorted(await _ids(api, service_request_id=ids, status="closed")) == sorted(
            [old, road]
        )

        status, root, _ = await api.get_xml("/open311/v2/requests.xml", service_code="dien")
        assert status == 200
        assert [r["service_request_id"] for r in xml_requests(root)] == [power]

        bad = [
            ({"status": "pending"}, "status"),
            ({"start_date": "24/11/2026"}, "start_date"),
            ({"end_date": "2026-11-24T10:00:00"}, "múi giờ"),
            ({"start_date": "2026-01-01", "end_date": "2026-12-31"}, "90"),
            ({"start_date": "2026-02-01", "end_date": "2026-01-01"}, "start_date"),
            ({"service_code": "pothole"}, "pothole"),
            ({"page_size": "5000"}, "page_size"),
            ({"service_request_id": "123"}, "123"),
        ]
        for params, expected in bad:
            status, body = await api.get_json("/open311/v2/requests.json", **params)
            assert status == 400, params
            api.validate("ErrorList", body)
            assert expected in " ".join(errors_of(body)), params
        status, root, _ = await api.get_xml("/open311/v2/requests.xml", status="pending")
        assert status == 400 and root.tag == "errors"


async def test_status_changes_and_merges_show_as_closed(
    db_url: str, sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    staff = StaffActions(db, Open311Delivery())
    async with open311_api(db_url, sessions) as api:
        main = await _file(api, "thoat_nuoc", "Cống thoát nước tắc, nước ngập cả đoạn đường")
        twin = await _file(api, "thoat_nuoc", "Đoạn đường ngập do cống tắc nhiều ngày nay")
        _, before = await api.get_json(f"/open311/v2/requests/{main}.json")
        assert before[0]["status"] == "open" and before[0]["status_notes"] == "Mới gửi"

        note = "Đã nạo vét cống; liên hệ cán bộ 0912345678 nếu còn ngập"
        result = await staff.set_status(
            STAFF, main, ReportStatus.DA_GIAI_QUYET, public_note=note, internal_note="nội bộ"
        )
        assert result.unreachable and result.notified is None  # Open311 gets no message
        _status, after = await api.get_json(f"/open311/v2/requests/{main}.json")
        api.validate("ServiceRequestList", after)
        [request] = after
        assert request["status"] == "closed"
        assert request["status_notes"].startswith("Đã giải quyết: Đã nạo vét cống")
        assert "0912345678" not in request["status_notes"]
        assert "nội bộ" not in json.dumps(after, ensure_ascii=False)
        assert request["updated_datetime"] >= before[0]["updated_datetime"]
        assert await _ids(api, status="closed") == [main]

        await staff.merge(STAFF, twin, main)
        _, merged = await api.get_json(f"/open311/v2/requests/{twin}.json")
        assert merged[0]["status"] == "closed"
        assert merged[0]["status_notes"].startswith("Trùng lặp")
        assert main in merged[0]["status_notes"]
        _, root, _ = await api.get_xml(f"/open311/v2/requests/{twin}.xml")
        [item] = xml_requests(root)
        assert item["status"] == "closed" and main in item["status_notes"]
        assert sorted(await _ids(api, status="closed")) == sorted([main, twin])
        assert await _ids(api, status="open") == []


async def test_chat_reports_are_listed_without_their_text(
    db_url: str, sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    config = HandlerConfig(flood_max_messages=100)
    chat = ChatDriver(Dispatcher(db, RecordingDelivery(), config), "8801")
    await chat.text("/start")
    await chat.press("consent:yes")
    await chat.text("Đèn đường trước nhà số 12 tắt cả tuần, chị Lan 0988111222 biết rõ")
    await chat.press("cat:dien")
    await chat.text("xã Tân Dĩnh")
    await chat.press("photo:skip")
    await chat.press("anon:1")
    code = re.search(r"PA-[0-9A-Z]{7}", texts(await chat.press("confirm:yes")))
    assert code
    async with open311_api(db_url, sessions) as api:
        _, body = await api.get_json(f"/open311/v2/requests/{code.group(0)}.json")
        api.validate("ServiceRequestList", body)
        assert body[0]["service_code"] == "dien" and body[0]["description"] is None
        assert "Lan" not in json.dumps(body, ensure_ascii=False)
