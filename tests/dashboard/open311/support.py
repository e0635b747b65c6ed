"""Helpers of the Open311 tests: a running service with a client key, HTTP calls, validation."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import jsonschema
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.open311 import new_api_key
from storage.uow import UnitOfWork
from tests.e2e.service import free_port, running_service, service_settings

W3C_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
    "media_url",
]  # fmt: skip


@dataclass
class Api:
    """The running service seen by an Open311 client."""

    base: str
    key: str
    http: aiohttp.ClientSession
    openapi: dict[str, Any]

    async def get(self, path: str, **params: str) -> tuple[int, str, str]:
        """Status, content type header and body text."""
        async with self.http.get(self.base + path, params=params) as response:
            return response.status, response.headers["Content-Type"], await response.text()

    async def get_json(self, path: str, **params: str) -> tuple[int, Any]:
        status, content_type, text = await self.get(path, **params)
        assert content_type == "application/json; charset=utf-8", content_type
        return status, json.loads(text)

    async def get_xml(self, path: str, **params: str) -> tuple[int, ET.Element, str]:
        status, content_type, text = await self.get(path, **params)
        assert content_type == "text/xml; charset=utf-8", content_type
        assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
        return status, ET.fromstring(text.encode("utf-8")), text

    async def post(self, fmt: str, form: dict[str, str]) -> tuple[int, str]:
        async with self.http.post(f"{self.base}/open311/v2/requests.{fmt}", data=form) as response:
            return response.status, await response.text()

    def validate(self, schema: str, body: Any) -> None:
        """Check a JSON body against a schema of the published OpenAPI document."""
        wrapper = {
            "$ref": f"#/components/schemas/{schema}",
            "components": self.openapi["components"],
        }
        jsonschema.Draft202012Validator(wrapper).validate(body)


@asynccontextmanager
async def open311_api(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Api]:
    """The whole service on loopback, with one client key."""
    key = new_api_key()
    async with UnitOfWork(sessions) as uow:
        await uow.open311.add_key("ứng dụng thử", key)
        await uow.commit()
    async with (
        running_service(service_settings(None, db_url, free_port())) as base,
        aiohttp.ClientSession() as http,
    ):
        async with http.get(base + "/open311/v2/openapi.json") as response:
            assert response.status == 200
            openapi = await response.json()
        yield Api(base, key, http, openapi)


def xml_requests(root: ET.Element) -> list[dict[str, str]]:
    """The <request> elements of a <service_requests> document as dicts of text."""
    assert root.tag == "service_requests"
    found = []
    for element in root:
        assert element.tag == "request"
        found.append({child.tag: child.text or "" for child in element})
    return found


def errors_of(body: Any) -> list[str]:
    """Descriptions of an error list, after checking its shape."""
    assert isinstance(body, list) and body
    for error in body:
        assert set(error) == {"code", "description"}
        assert isinstance(error["code"], int) and isinstance(error["description"], str)
    return [error["description"] for error in body]
