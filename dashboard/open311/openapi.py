"""OpenAPI 3.1 description of the Open311 endpoints (served at ``/open311/v2/openapi.json``)."""

from __future__ import annotations

from typing import Any

from dashboard.open311.params import DEFAULT_PAGE_SIZE, MAX_DESCRIPTION, MAX_PAGE_SIZE

W3C_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _list(item: str, root: str, xml_item: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {**_ref(item), "xml": {"name": xml_item}},
        "xml": {"name": root, "wrapped": True},
    }


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "additionalProperties": False,
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
    "ErrorList": _list("Error", "errors", "error"),
    "Discovery": {
        "type": "object",
        "required": ["changeset", "contact", "key_service", "endpoints"],
        "properties": {
            "changeset": {"type": "string"},
            "contact": {"type": "string"},
            "key_service": {"type": "string"},
            "endpoints": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["specification", "url", "changeset", "type", "formats"],
                    "properties": {
                        "specification": {"type": "string"},
                        "url": {"type": "string"},
                        "changeset": {"type": "string"},
                        "type": {"enum": ["production", "test"]},
                        "formats": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
        "xml": {"name": "discovery"},
    },
    "Service": {
        "type": "object",
        "required": [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ],
        "additionalProperties": False,
        "properties": {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "description": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string", "description": "comma-separated"},
            "group": {"type": "string"},
        },
    },
    "ServiceList": _list("Service", "services", "service"),
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {
            "service_code": {"type": "string"},
            "attributes": {"type": "array", "maxItems": 0, "xml": {"wrapped": True}},
        },
        "xml": {"name": "service_definition"},
    },
    "ServiceRequest": {
        "type": "object",
        "required": [
            "service_request_id",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "agency_responsible",
            "service_notice",
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
            "address",
            "address_id",
            "zipcode",
            "lat",
            "long",
            "media_url",
        ],
        "additionalProperties": False,
        "properties": {
            "service_request_id": {"type": "string", "pattern": "^PA-[0-9A-Z]{7}$"},
            "status": {"enum": ["open", "closed"]},
            "status_notes": _nullable("string"),
            "service_name": {"type": "string"},
            "service_code": {"type": "string"},
            "description": _nullable("string", maxLength=MAX_DESCRIPTION),
            "agency_responsible": _nullable("string"),
            "service_notice": _nullable("string"),
            "requested_datetime": {"type": "string", "pattern": W3C_PATTERN},
            "updated_datetime": {"type": "string", "pattern": W3C_PATTERN},
            "expected_datetime": _nullable("string", pattern=W3C_PATTERN),
            "address": _nullable("string"),
            "address_id": _nullable("string", description="current commune/ward code"),
            "zipcode": _nullable("string"),
            "lat": _nullable("number", minimum=-90, maximum=90),
            "long": _nullable("number", minimum=-180, maximum=180),
            "media_url": _nullable("string"),
        },
    },
    "ServiceRequestList": _list("ServiceRequest", "service_requests", "request"),
    "CreatedRequest": {
        "type": "object",
        "required": ["service_request_id", "service_notice", "account_id"],
        "additionalProperties": False,
        "properties": {
            "service_request_id": {"type": "string", "pattern": "^PA-[0-9A-Z]{7}$"},
            "service_notice": {"type": "string"},
            "account_id": _nullable("string"),
        },
    },
    "CreatedRequestList": _list("CreatedRequest", "service_requests", "request"),
    "NewRequestForm": {
        "type": "object",
        "required": ["api_key", "service_code", "description"],
        "properties": {
            "api_key": {"type": "string"},
            "jurisdiction_id": {"type": "string", "description": "ignored: one jurisdiction"},
            "service_code": {"type": "string"},
            "lat": {"type": "number"},
            "long": {"type": "number"},
            "address_string": {"type": "string", "maxLength": 300},
            "address_id": {"type": "string", "description": "current commune/ward code"},
            "email": {"type": "string"},
            "device_id": {"type": "string"},
            "account_id": {"type": "string"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "phone": {"type": "string"},
            "description": {"type": "string", "minLength": 1, "maxLength": MAX_DESCRIPTION},
            "media_url": {"type": "string"},
        },
        "description": "One of lat+long, address_string or address_id is required.",
    },
}

_FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"enum": ["json", "xml"]},
    "description": "response format",
}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _body(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": _ref(schema)},
            "text/xml": {"schema": _ref(schema)},
        },
    }


def _errors(*statuses: str) -> dict[str, Any]:
    return {status: _body("ErrorList", "error list") for status in statuses}


def _get(summary: str, schema: str, params: list[dict[str, Any]], *errors: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": [_FORMAT, *params],
            "responses": {"200": _body(schema, summary), **_errors(*errors)},
        }
    }


def _paths() -> dict[str, Any]:
    discovery = _get("Service discovery", "Discovery", [])
    request_filters = [
        _query("service_request_id", "comma-separated PA- codes; overrides the other filters"),
        _query("service_code", "comma-separated service codes"),
        _query("start_date", "w3c date/time with offset, or a date (Vietnam time)"),
        _query("end_date", "w3c date/time with offset, or a date (Vietnam time)"),
        _query("status", "open, closed or both (comma-separated)"),
        _query("page", "extension: page number", {"type": "integer", "minimum": 1}),
        _query(
            "page_size",
            f"extension: requests a page (default {DEFAULT_PAGE_SIZE})",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        ),
        _query("jurisdiction_id", "ignored: this endpoint serves one jurisdiction"),
    ]
    requests = _get("Service requests", "ServiceRequestList", request_filters, "400", "503")
    requests["post"] = {
        "summary": "Create a service request",
        "parameters": [_FORMAT],
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": _ref("NewRequestForm")}},
        },
        "responses": {
            "200": _body("CreatedRequestList", "the new request's id and notice"),
            **_errors("400", "403", "404", "503"),
        },
    }
    code = {"name": "service_code", "in": "path", "required": True, "schema": {"type": "string"}}
    request_id = {
        "name": "service_request_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    }
    return {
        "/open311/discovery.{format}": discovery,
        "/open311/v2/discovery.{format}": discovery,
        "/open311/v2/services.{format}": _get("Service list", "ServiceList", []),
        "/open311/v2/services/{service_code}.{format}": _get(
            "Service definition", "ServiceDefinition", [code], "404"
        ),
        "/open311/v2/requests.{format}": requests,
        "/open311/v2/requests/{service_request_id}.{format}": _get(
            "One service request", "ServiceRequestList", [request_id], "404"
        ),
        "/open311/v2/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    """The whole OpenAPI document, with this server's base URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Open311 GeoReport v2 – phản ánh hạ tầng MTTQ tỉnh Bắc Ninh",
            "version": "2.0",
            "description": (
                "GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the citizen reports. "
                "Times are ISO 8601 with the +07:00 offset. Extension: page/page_size."
            ),
        },
        "servers": [{"url": base_url}],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS},
    }
