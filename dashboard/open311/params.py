"""Checking what Open311 clients send: the POST form and the GET requests filters."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from dashboard.open311.documents import ApiError
from domain.catalogue import t
from domain.sla import VN_TZ
from domain.taxonomy import CATEGORY_CODES
from domain.tracking import parse_tracking_code
from handlers.chat.text_checks import clean_text
from nlp.gazetteer import gazetteer
from storage.open311 import RequestFilter

MAX_DESCRIPTION = 4000
MAX_ADDRESS = 300
MAX_SHORT = 100
MAX_URL = 500
MAX_SPAN_DAYS = 90
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_IDS = 1000

_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?\d[\d\s.\-]{7,14}\d$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Submission:
    """A valid POST requests form."""

    api_key: str
    service_code: str
    description: str
    lat: float | None = None
    lon: float | None = None
    address_string: str | None = None
    address_id: str | None = None
    email: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    media_url: str | None = None


@lru_cache(maxsize=1)
def ward_codes() -> frozenset[str]:
    """Current commune/ward codes: our ``address_id`` values."""
    return frozenset(unit.code for unit in gazetteer().wards if unit.code)


def _field(form: Mapping[str, str], name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value, _ = clean_text(value, 100_000)
    return value or None


def api_key_errors(form: Mapping[str, str]) -> tuple[str | None, list[ApiError]]:
    """The api_key, or the 403 error when it is missing."""
    key = _field(form, "api_key")
    if key is None:
        return None, [ApiError(403, t("open311_err_api_key_missing"))]
    return key, []


def _location(form: Mapping[str, str], errors: list[ApiError]) -> tuple[float | None, float | None]:
    raw_lat, raw_lon = _field(form, "lat"), _field(form, "long")
    if raw_lat is None and raw_lon is None:
        return None, None
    if raw_lat is None or raw_lon is None:
        errors.append(ApiError(400, t("open311_err_lat_long_pair")))
        return None, None
    try:
        lat, lon = float(raw_lat), float(raw_lon)
    except ValueError:
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        errors.append(ApiError(400, t("open311_err_lat_long_invalid")))
        return None, None
    return lat, lon


def _short(form: Mapping[str, str], name: str, limit: int, errors: list[ApiError]) -> str | None:
    value = _field(form, name)
    if value is not None and len(value) > limit:
        errors.append(ApiError(400, t("open311_err_field_long", field=name, limit=limit)))
        return None
    return value


def _contact(form: Mapping[str, str], errors: list[ApiError]) -> dict[str, str | None]:
    email = _short(form, "email", 254, errors)
    if email is not None and not _EMAIL_RE.match(email):
        errors.append(ApiError(400, t("open311_err_email_invalid")))
    phone = _field(form, "phone")
    if phone is not None:
        if _PHONE_RE.match(phone):
            phone = re.sub(r"[\s.\-]", "", phone)
        else:
            errors.append(ApiError(400, t("open311_err_phone_invalid")))
    media_url = _short(form, "media_url", MAX_URL, errors)
    if media_url is not None:
        parts = urlsplit(media_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors.append(ApiError(400, t("open311_err_media_url_invalid")))
    return {
        "email": email.lower() if email else None,
        "phone": phone,
        "media_url": media_url,
        "device_id": _short(form, "device_id", MAX_SHORT, errors),
        "account_id": _short(form, "account_id", MAX_SHORT, errors),
        "first_name": _short(form, "first_name", MAX_SHORT, errors),
        "last_name": _short(form, "last_name", MAX_SHORT, errors),
    }


def parse_submission(
    form: Mapping[str, str], api_key: str
) -> tuple[Submission | None, list[ApiError]]:
    """A checked submission, or every problem found (Vietnamese descriptions)."""
    errors: list[ApiError] = []
    code = _field(form, "service_code")
    if code is None:
        errors.append(ApiError(400, t("open311_err_service_code_missing")))
    elif code not in CATEGORY_CODES:
        errors.append(ApiError(404, t("open311_err_service_code_unknown", code=code[:50])))
    before = len(errors)
    lat, lon = _location(form, errors)
    address = _short(form, "address_string", MAX_ADDRESS, errors)
    address_id = _field(form, "address_id")
    if address_id is not None and address_id not in ward_codes():
        errors.append(ApiError(400, t("open311_err_address_id_unknown", value=address_id[:50])))
    if lat is None and address is None and address_id is None and len(errors) == before:
        errors.append(ApiError(400, t("open311_err_location_missing")))
    description = _field(form, "description")
    if description is None:
        errors.append(ApiError(400, t("open311_err_description_missing")))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(ApiError(400, t("open311_err_description_long", limit=MAX_DESCRIPTION)))
    contact = _contact(form, errors)
    if errors or code is None or description is None:
        return None, errors
    return (
        Submission(
            api_key=api_key,
            service_code=code,
            description=description,
            lat=lat,
            lon=lon,
            address_string=address,
            address_id=address_id,
            **contact,
        ),
        [],
    )


def _moment(query: Mapping[str, str], name: str, errors: list[ApiError]) -> datetime | None:
    """A w3c date or datetime with offset; a bare date means its whole day in Vietnam time."""
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    if _DATE_RE.match(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            errors.append(ApiError(400, t("open311_err_date_invalid", field=name)))
            return None
        clock = time.max if name == "end_date" else time.min
        return datetime.combine(day, clock, VN_TZ)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        errors.append(ApiError(400, t("open311_err_date_invalid", field=name)))
        return None
    if "T" not in raw or moment.tzinfo is None:
        errors.append(ApiError(400, t("open311_err_date_timezone", field=name)))
        return None
    return moment


def _positive(
    query: Mapping[str, str], name: str, default: int, limit: int, errors: list[ApiError]
) -> int:
    raw = (query.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= limit:
        errors.append(ApiError(400, t("open311_err_page_invalid", field=name, limit=limit)))
        return default
    return int(raw)


def _list(query: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in (query.get(name) or "").split(",") if part.strip()]


def _by_ids(raw_ids: list[str]) -> tuple[RequestFilter | None, list[ApiError]]:
    if len(raw_ids) > MAX_IDS:
        return None, [ApiError(400, t("open311_err_too_many_ids", limit=MAX_IDS))]
    codes: list[str] = []
    errors: list[ApiError] = []
    for raw in raw_ids:
        code = parse_tracking_code(raw)
        if code is None:
            errors.append(ApiError(400, t("open311_err_request_id_invalid", value=raw[:50])))
        else:
            codes.append(code)
    if errors:
        return None, errors
    return RequestFilter(codes=tuple(dict.fromkeys(codes)), limit=len(codes)), []


def parse_filter(
    query: Mapping[str, str], now: datetime
) -> tuple[RequestFilter | None, list[ApiError]]:
    """The GET requests filter: the last 90 days by default, 50 a page (extension: page)."""
    raw_ids = _list(query, "service_request_id")
    if raw_ids:
        return _by_ids(raw_ids)
    errors: list[ApiError] = []
    categories = _list(query, "service_code")
    for code in categories:
        if code not in CATEGORY_CODES:
            errors.append(ApiError(400, t("open311_err_service_code_unknown", code=code[:50])))
    statuses = {s.lower() for s in _list(query, "status")}
    if statuses - {"open", "closed"}:
        errors.append(ApiError(400, t("open311_err_status_invalid")))
    start, end = _moment(query, "start_date", errors), _moment(query, "end_date", errors)
    page = _positive(query, "page", 1, 1_000_000, errors)
    size = _positive(query, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
    span = timedelta(days=MAX_SPAN_DAYS)
    if start is not None and end is not None:
        if start > end:
            errors.append(ApiError(400, t("open311_err_date_order")))
        elif end - start > span + timedelta(days=1):
            errors.append(ApiError(400, t("open311_err_date_span", days=MAX_SPAN_DAYS)))
    if errors:
        return None, errors
    if start is None and end is None:
        end = now
    if start is None:
        assert end is not None
        start = end - span
    if end is None:
        end = start + span
    is_open = None if len(statuses) != 1 else statuses == {"open"}
    return (
        RequestFilter(
            categories=tuple(categories),
            start=start,
            end=end,
            open=is_open,
            offset=(page - 1) * size,
            limit=size,
        ),
        [],
    )
