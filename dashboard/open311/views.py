"""What the Open311 API says: discovery, services and public views of reports.

Personal data (names, phone numbers, e-mail, chat ids) never enters these documents; phone
numbers and e-mail addresses typed inside free text are masked (``domain.privacy``), and the
address is the administrative unit's name, never the place text a person typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.catalogue import category_label, format_datetime, status_label, t
from domain.delivery import Channel
from domain.privacy import mask_contacts
from domain.sla import VN_TZ
from domain.statuses import ReportStatus, is_open
from domain.taxonomy import Category, Urgency
from storage.models import Report

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Sortable date of the last change to the service list or definitions (clients re-cache on change).
SERVICES_CHANGESET = "2025-07-01T00:00:00+07:00"
MIME_TYPES = ["text/xml", "application/json"]

SERVICE_GROUPS: dict[str, str] = {
    Category.GIAO_THONG: "ha_tang",
    Category.DO_THI_XAY_DUNG: "ha_tang",
    Category.DIEN: "tien_ich",
    Category.NUOC_SACH: "tien_ich",
    Category.VIEN_THONG: "tien_ich",
    Category.THOAT_NUOC: "moi_truong",
    Category.MOI_TRUONG: "moi_truong",
    Category.THUY_LOI: "moi_truong",
    Category.GIAO_DUC: "cong_cong",
    Category.Y_TE: "cong_cong",
    Category.VAN_HOA_THE_THAO: "cong_cong",
    Category.KHAC: "khac",
}


def w3c(moment: datetime) -> str:
    """``2026-11-24T10:30:00+07:00``: ISO 8601 with the Vietnam offset."""
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


def redact(text: str | None) -> str | None:
    """Free text with phone numbers and e-mail addresses masked."""
    if not text:
        return text
    return mask_contacts(text, t("open311_redacted"))


def discovery(base_url: str) -> dict[str, Any]:
    """The service discovery document."""
    return {
        "changeset": SERVICES_CHANGESET,
        "contact": t("open311_contact"),
        "key_service": t("open311_key_service"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": f"{base_url}/open311/v2",
                "changeset": SERVICES_CHANGESET,
                "type": "production",
                "formats": list(MIME_TYPES),
            }
        ],
    }


def service(code: str) -> dict[str, Any]:
    """One service: a taxonomy category."""
    return {
        "service_code": code,
        "service_name": category_label(code),
        "description": t(f"open311_desc_{code}"),
        "metadata": False,
        "type": "realtime",
        "keywords": t(f"open311_keywords_{code}"),
        "group": t(f"open311_group_{SERVICE_GROUPS[code]}"),
    }


def services() -> list[dict[str, Any]]:
    """Every service, in taxonomy order."""
    return [service(category.value) for category in Category]


def service_definition(code: str) -> dict[str, Any]:
    """A service definition; no service needs extra attributes."""
    return {"service_code": code, "attributes": []}


def service_notice(report: Report) -> str:
    """What happens next, with the deadlines (and the emergency numbers when urgent)."""
    notice = t(
        "open311_service_notice",
        accept_by=format_datetime(report.accept_due_at),
        resolve_by=format_datetime(report.resolve_due_at),
    )
    if report.urgency == Urgency.CAO:
        notice += t("open311_urgent_notice")
    return notice


def status_notes(report: Report, public_note: str | None, merged_code: str | None) -> str:
    """The status label, then the merge target and the latest public note when there are."""
    extras: list[str] = []
    note = redact(public_note)
    if report.status == ReportStatus.TRUNG_LAP and merged_code and merged_code not in (note or ""):
        extras.append(t("open311_merged_note", code=merged_code))
    if note:
        extras.append(note)
    label = status_label(report.status)
    return t("open311_status_note", status=label, note="; ".join(extras)) if extras else label


def request_view(
    report: Report,
    public_note: str | None = None,
    merged_code: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A report as an Open311 service request, in the spec's field order."""
    # Citizens who wrote to the chat were told only staff and the agencies handling it read
    # their words, so only texts filed through Open311 itself are published.
    hidden = report.status == ReportStatus.TU_CHOI or report.channel != Channel.OPEN311
    media_url = (details or {}).get("media_url")
    return {
        "service_request_id": report.code,
        "status": "open" if is_open(ReportStatus(report.status)) else "closed",
        "status_notes": status_notes(report, public_note, merged_code),
        "service_name": category_label(report.category),
        "service_code": report.category,
        "description": None if hidden else redact(report.text),
        "agency_responsible": report.assigned_unit or t("open311_agency_default"),
        "service_notice": service_notice(report),
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": w3c(report.resolve_due_at),
        # the unit's name only: the place text a citizen typed may name people («nhà ông …»)
        "address": report.place_name,
        "address_id": report.place_code,
        "zipcode": None,
        "lat": report.latitude,
        "long": report.longitude,
        "media_url": media_url if isinstance(media_url, str) else None,
    }
