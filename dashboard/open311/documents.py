"""Open311 documents as JSON or XML (the spec's shapes: Spark convention, UTF-8, no namespace)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from aiohttp import web

JSON_TYPE = "application/json"
XML_TYPE = "text/xml"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# Element name of the items of each list, for XML.
ITEM_NAMES: dict[str, str] = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


@dataclass(frozen=True)
class ApiError:
    """One entry of an Open311 error list."""

    code: int
    description: str


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, ITEM_NAMES.get(name, "item"), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def to_xml(root: str, body: list[Any] | dict[str, Any]) -> str:
    """The document as XML text with the declaration: a list becomes repeated item elements."""
    element = ET.Element(root)
    if isinstance(body, list):
        for item in body:
            _xml_value(element, ITEM_NAMES[root], item)
    else:
        for key, value in body.items():
            _xml_value(element, key, value)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode")


def render(
    fmt: str, root: str, body: list[Any] | dict[str, Any], status: int = 200
) -> web.Response:
    """A response in the asked format (``json`` or ``xml``), UTF-8."""
    if fmt == "json":
        text = json.dumps(body, ensure_ascii=False)
        return web.Response(text=text, status=status, content_type=JSON_TYPE, charset="utf-8")
    return web.Response(
        text=to_xml(root, body), status=status, content_type=XML_TYPE, charset="utf-8"
    )


def render_errors(fmt: str, errors: list[ApiError]) -> web.Response:
    """The spec's error list; 503 when the service cannot store or read now (retry later),
    403 for key errors, 404 when every error is 'not found', else 400."""
    codes = {error.code for error in errors}
    status = 503 if 503 in codes else 403 if 403 in codes else 404 if codes == {404} else 400
    body = [{"code": error.code, "description": error.description} for error in errors]
    return render(fmt, "errors", body, status)
