"""Open311 discovery, service list, service definitions and the OpenAPI document, over HTTP."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import CATEGORY_LABELS
from domain.taxonomy import CATEGORY_CODES
from nlp import fold
from tests.dashboard.open311.support import errors_of, open311_api

SERVICE_FIELDS = [
    "service_code", "service_name", "description", "metadata", "type", "keywords", "group"
]  # fmt: skip


async def test_services_in_json_and_xml(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with open311_api(db_url, sessions) as api:
        status, services = await api.get_json("/open311/v2/services.json")
        assert status == 200
        api.validate("ServiceList", services)
        assert [s["service_code"] for s in services] == list(CATEGORY_CODES)
        for service in services:
            assert list(service) == SERVICE_FIELDS
            assert service["service_name"] == CATEGORY_LABELS[service["service_code"]]
            assert service["metadata"] is False and service["type"] == "realtime"
            for field in ("description", "keywords", "group"):
                assert service[field].strip()
        # Vietnamese with diacritics, not folded ASCII
        assert all(fold(s["service_name"]) != s["service_name"] for s in services)
        assert "," in services[0]["keywords"]

        status, root, _ = await api.get_xml("/open311/v2/services.xml")
        assert status == 200 and root.tag == "services"
        assert [e.tag for e in root] == ["service"] * 12
        for element, service in zip(root, services, strict=True):
            assert [child.tag for child in element] == SERVICE_FIELDS
            assert element.findtext("service_name") == service["service_name"]
            assert element.findtext("metadata") == "false"
            assert element.findtext("group") == service["group"]


async def test_service_definitions_and_unknown_code(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with open311_api(db_url, sessions) as api:
        status, definition = await api.get_json("/open311/v2/services/dien.json")
        assert status == 200
        api.validate("ServiceDefinition", definition)
        assert definition == {"service_code": "dien", "attributes": []}
        status, root, _ = await api.get_xml("/open311/v2/services/dien.xml")
        assert root.tag == "service_definition"
        assert [c.tag for c in root] == ["service_code", "attributes"]

        status, body = await api.get_json("/open311/v2/services/pothole.json")
        assert status == 404
        api.validate("ErrorList", body)
        assert "pothole" in errors_of(body)[0]
        status, root, _ = await api.get_xml("/open311/v2/services/pothole.xml")
        assert status == 404 and root.tag == "errors"
        error = root.find("error")
        assert error is not None
        assert [c.tag for c in error] == ["code", "description"]
        assert error.findtext("code") == "404"


async def test_discovery_lists_the_v2_endpoint(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with open311_api(db_url, sessions) as api:
        for path in ("/open311/discovery.json", "/open311/v2/discovery.json"):
            status, discovery = await api.get_json(path)
            assert status == 200
            api.validate("Discovery", discovery)
            assert {"changeset", "contact", "key_service", "endpoints"} <= set(discovery)
            [endpoint] = discovery["endpoints"]
            assert endpoint["url"] == api.base + "/open311/v2"
            assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
            assert set(endpoint["formats"]) == {"text/xml", "application/json"}
        status, root, _ = await api.get_xml("/open311/discovery.xml")
        assert root.tag == "discovery"
        formats = root.find("endpoints/endpoint/formats")
        assert formats is not None
        assert sorted(f.text or "" for f in formats.iter("format")) == [
            "application/json",
            "text/xml",
        ]


async def test_openapi_document_is_valid_and_complete(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    from openapi_spec_validator import validate

    async with open311_api(db_url, sessions) as api:
        validate(api.openapi)
        paths = api.openapi["paths"]
        assert set(paths) == {
            "/open311/discovery.{format}",
            "/open311/v2/discovery.{format}",
            "/open311/v2/services.{format}",
            "/open311/v2/services/{service_code}.{format}",
            "/open311/v2/requests.{format}",
            "/open311/v2/requests/{service_request_id}.{format}",
            "/open311/v2/openapi.json",
        }
        assert set(paths["/open311/v2/requests.{format}"]) == {"get", "post"}
        for path, item in paths.items():
            for operation in item.values():
                if path.endswith("{format}"):
                    content = operation["responses"]["200"]["content"]
                    assert set(content) == {"application/json", "text/xml"}
