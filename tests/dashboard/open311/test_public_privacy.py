"""The public Open311 feed publishes no phone number and no place text a person typed."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from tests.dashboard.open311.support import open311_api, xml_requests

NUMBERS = ("(+84) 912 345 678", "(091) 234 5678", "0912.345.678", "+84912345678", "84 912 345 678")


async def test_phone_numbers_and_typed_place_text_stay_out_of_the_feed(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    description = "Ổ gà sâu trước cổng trường, gọi " + ", ".join(NUMBERS) + " để chỉ đường"
    async with open311_api(db_url, sessions) as api:
        status, text = await api.post(
            "json",
            {
                "api_key": api.key,
                "service_code": "giao_thong",
                "address_string": "nhà ông Nguyễn Văn Bình, thôn Đông, phường Bắc Giang",
                "description": description,
            },
        )
        assert status == 200, text
        code = json.loads(text)[0]["service_request_id"]
        status, body = await api.get_json(f"/open311/v2/requests/{code}.json")
        assert status == 200
        (item,) = body
        api.validate("ServiceRequestList", body)
        assert item["description"].count(t("open311_redacted")) == len(NUMBERS)
        assert "345" not in item["description"] and "912" not in item["description"]
        assert "Bình" not in json.dumps(item, ensure_ascii=False)
        assert item["address"] in (None, "Phường Bắc Giang")
        status, root, _ = await api.get_xml(f"/open311/v2/requests/{code}.xml")
        (published,) = xml_requests(root)
        assert "Bình" not in published["address"] and "345" not in published["description"]
