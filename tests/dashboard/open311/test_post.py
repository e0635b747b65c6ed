"""POST requests: keys, validation errors and the report it files, over HTTP."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import nlp
from nlp.gazetteer import gazetteer
from storage.models import Citizen, Consent, Report, ReportEvent
from storage.uow import UnitOfWork
from tests.dashboard.open311.support import REQUEST_FIELDS, W3C_WITH_OFFSET, errors_of, open311_api

DESCRIPTION = (
    "Mặt đường bị sụt lún thành ổ gà rất sâu, xe máy đi qua dễ ngã. "
    "Liên hệ tôi số 0912 345 678 hoặc nguyenvana@example.com"
)


async def test_keys_are_required_and_checked(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    form = {"service_code": "giao_thong", "description": "Ổ gà", "address_string": "Xã Yên Dũng"}
    async with open311_api(db_url, sessions) as api:
        status, text = await api.post("json", form)
        assert status == 403
        body = json.loads(text)
        api.validate("ErrorList", body)
        assert body[0]["code"] == 403 and "api_key" in body[0]["description"]

        status, text = await api.post("xml", {**form, "api_key": "not-a-key"})
        assert status == 403
        root = ET.fromstring(text.encode())
        assert root.tag == "errors" and root.findtext("error/code") == "403"

        async with UnitOfWork(sessions) as uow:
            assert await uow.open311.revoke_keys("ứng dụng thử") == 1
            await uow.commit()
        status, _ = await api.post("json", {**form, "api_key": api.key})
        assert status == 403
        async with UnitOfWork(sessions) as uow:
            assert await uow.reports.count() == 0


async def test_missing_and_invalid_fields_are_listed(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with open311_api(db_url, sessions) as api:
        status, text = await api.post("json", {"api_key": api.key})
        assert status == 400
        body = json.loads(text)
        api.validate("ErrorList", body)
        described = " | ".join(errors_of(body))
        for field in ("service_code", "description", "lat", "address_string", "address_id"):
            assert field in described
        assert {e["code"] for e in body} == {400}

        status, text = await api.post("xml", {"api_key": api.key})
        root = ET.fromstring(text.encode())
        assert status == 400 and root.tag == "errors" and len(root) == len(body)

        valid = {"api_key": api.key, "service_code": "dien", "description": "Mất điện cả xóm"}
        checks = [
            ({"lat": "21.2"}, "long"),
            ({"lat": "abc", "long": "106.1"}, "lat"),
            ({"lat": "121", "long": "106.1"}, "lat"),
            ({"address_id": "99999"}, "address_id"),
            ({"address_string": "x", "email": "khong-phai-email"}, "email"),
            ({"address_string": "x", "phone": "12ab"}, "phone"),
            ({"address_string": "x", "media_url": "javascript:alert(1)"}, "media_url"),
            ({"address_string": "x", "description": "a" * 4001}, "4000"),
        ]
        for extra, expected in checks:
            status, text = await api.post("json", {**valid, **extra})
            assert status == 400, extra
            assert expected in " ".join(errors_of(json.loads(text))), extra

        status, text = await api.post(
            "json", {**valid, "address_string": "x", "service_code": "pothole"}
        )
        assert status == 404 and "pothole" in errors_of(json.loads(text))[0]
        async with UnitOfWork(sessions) as uow:
            assert await uow.reports.count() == 0


async def test_valid_post_files_a_report_without_leaking_personal_data(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ward = gazetteer().wards[0]
    lat, lon = ward.lat + 0.002, ward.lon - 0.001
    form = {
        "service_code": "giao_thong",
        "lat": str(lat),
        "long": str(lon),
        "email": "NguyenVanA@example.com",
        "account_id": "acc-42",
        "first_name": "Văn A",
        "last_name": "Nguyễn",
        "phone": "0987 654 321",
        "description": DESCRIPTION,
        "media_url": "https://example.com/anh/o-ga.jpg",
        "jurisdiction_id": "bacninh.gov.vn",
    }
    async with open311_api(db_url, sessions) as api:
        status, text = await api.post("json", {**form, "api_key": api.key})
        assert status == 200, text
        created = json.loads(text)
        api.validate("CreatedRequestList", created)
        [item] = created
        code = item["service_request_id"]
        assert item["account_id"] == "acc-42" and item["service_notice"]

        async with UnitOfWork(sessions) as uow:
            report = await uow.reports.by_code(code)
            assert report is not None
            assert (report.channel, report.category) == ("open311", "giao_thong")
            assert report.category_suggested is not None
            unit = nlp.nearest_unit(lat, lon)
            assert unit is not None and report.place_code == unit.code
            assert report.contact_phone == "0987654321"
            citizen = await uow.citizens.get_by_id(report.citizen_id)
            assert citizen is not None
            assert (citizen.channel, citizen.external_id) == (
                "open311",
                "email:nguyenvana@example.com",
            )
            assert citizen.display_name == "Văn A Nguyễn" and citizen.consented_at is not None
            consents = (
                (await uow.session.execute(select(Consent).where(Consent.citizen_id == citizen.id)))
                .scalars()
                .all()
            )
            assert [(c.purpose, c.granted) for c in consents] == [("open311", True)]
            event = (
                await uow.session.execute(
                    select(ReportEvent).where(ReportEvent.report_id == report.id)
                )
            ).scalar_one()
            assert event.actor == "open311:ứng dụng thử"
            place_code, chat_id, external_id = (
                report.place_code,
                report.chat_id,
                citizen.external_id,
            )

        status, body = await api.get_json(f"/open311/v2/requests/{code}.json")
        assert status == 200
        api.validate("ServiceRequestList", body)
        [request] = body
        assert list(request) == REQUEST_FIELDS
        assert request["service_request_id"] == code and request["status"] == "open"
        assert request["status_notes"] == "Mới gửi"
        assert request["service_code"] == "giao_thong"
        assert request["service_name"].startswith("Giao thông")
        for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
            assert W3C_WITH_OFFSET.match(request[field]), request[field]
        assert request["expected_datetime"] > request["requested_datetime"]
        assert isinstance(request["lat"], float) and abs(request["lat"] - lat) < 1e-9
        assert isinstance(request["long"], float) and abs(request["long"] - lon) < 1e-9
        assert request["address_id"] == place_code
        assert request["media_url"] == form["media_url"]
        assert request["agency_responsible"]
        assert "sụt lún" in request["description"]

        status, root, xml_text = await api.get_xml(f"/open311/v2/requests/{code}.xml")
        assert status == 200 and root.tag == "service_requests"
        [element] = list(root)
        assert element.tag == "request"
        assert [child.tag for child in element] == REQUEST_FIELDS
        assert element.findtext("service_request_id") == code
        assert element.findtext("status") == "open"
        assert float(element.findtext("lat") or "nan") == request["lat"]

        raw_json = json.dumps(body, ensure_ascii=False)
        for secret in (
            "0912",
            "345 678",
            "0987",
            "nguyenvana",
            "Nguyễn",
            "Văn A",
            "acc-42",
            external_id,
            chat_id,
        ):
            assert secret not in raw_json and secret not in xml_text, secret

        status, body = await api.get_json("/open311/v2/requests/PA-0000000.json")
        assert status == 404 and errors_of(body)


async def test_post_by_address_and_anonymous_requester(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ward = gazetteer().wards[1]
    async with open311_api(db_url, sessions) as api:
        status, text = await api.post(
            "xml",
            {
                "api_key": api.key,
                "service_code": "thoat_nuoc",
                "address_id": str(ward.code),
                "description": "Cống thoát nước bị tắc, nước tràn lên đường mỗi khi mưa",
            },
        )
        assert status == 200, text
        root = ET.fromstring(text.encode())
        assert root.tag == "service_requests"
        assert [c.tag for c in root.find("request") or []] == [
            "service_request_id", "service_notice", "account_id"
        ]  # fmt: skip
        code = root.findtext("request/service_request_id")
        async with UnitOfWork(sessions) as uow:
            report = (
                await uow.session.execute(select(Report).where(Report.code == code))
            ).scalar_one()
            assert report.place_code == ward.code and report.anonymous
            citizen = await uow.session.get(Citizen, report.citizen_id)
            assert citizen is not None and citizen.external_id.startswith("anon:")
            await uow.commit()
        status, body = await api.get_json(f"/open311/v2/requests/{code}.json")
        assert body[0]["address"] == ward.current_name
        assert body[0]["address_id"] == ward.code
