"""Every word a citizen or staff member reads, under stable keys (Vietnamese).

One catalogue, kept in several files by audience; keys must be unique across them.
"""

from __future__ import annotations

from datetime import datetime

from domain.catalogue.accounts import ACCOUNT_MESSAGES
from domain.catalogue.alerts import ALERT_MESSAGES
from domain.catalogue.broadcast_delivery import BROADCAST_DELIVERY_MESSAGES
from domain.catalogue.broadcasts import BROADCAST_MESSAGES
from domain.catalogue.campaigns import CAMPAIGN_MESSAGES
from domain.catalogue.citizen import CITIZEN_MESSAGES
from domain.catalogue.conversation import CONVERSATION_MESSAGES
from domain.catalogue.dashboard_map import DASHBOARD_MAP_MESSAGES
from domain.catalogue.dashboard_queue import DASHBOARD_QUEUE_MESSAGES
from domain.catalogue.dashboard_reports import DASHBOARD_REPORT_MESSAGES
from domain.catalogue.followup import FOLLOWUP_MESSAGES
from domain.catalogue.knowledge import KNOWLEDGE_MESSAGES
from domain.catalogue.open311 import OPEN311_MESSAGES
from domain.catalogue.quiz import QUIZ_MESSAGES
from domain.catalogue.reliability import RELIABILITY_MESSAGES
from domain.catalogue.staff import STAFF_MESSAGES
from domain.catalogue.stats import STATS_MESSAGES
from domain.catalogue.subscriptions import SUBSCRIPTION_MESSAGES
from domain.catalogue.zalo import ZALO_MESSAGES
from domain.sla import VN_TZ
from domain.statuses import ReportStatus
from domain.taxonomy import Category, Urgency

PRIVACY_NOTICE_VERSION = "2025-07"

CATEGORY_LABELS: dict[str, str] = {
    Category.GIAO_THONG: "Giao thông (đường, cầu, đèn tín hiệu)",
    Category.THOAT_NUOC: "Thoát nước, ngập úng",
    Category.MOI_TRUONG: "Môi trường (rác, ô nhiễm, tiếng ồn)",
    Category.DIEN: "Điện, đèn chiếu sáng",
    Category.THUY_LOI: "Thủy lợi (kênh mương, đê, trạm bơm)",
    Category.NUOC_SACH: "Nước sạch",
    Category.VIEN_THONG: "Viễn thông, Internet",
    Category.GIAO_DUC: "Trường học",
    Category.Y_TE: "Y tế (trạm y tế, bệnh viện)",
    Category.VAN_HOA_THE_THAO: "Văn hóa, thể thao, vui chơi",
    Category.DO_THI_XAY_DUNG: "Đô thị, xây dựng, đất đai",
    Category.KHAC: "Vấn đề khác",
}

STATUS_LABELS: dict[str, str] = {
    ReportStatus.MOI: "Mới gửi",
    ReportStatus.DA_TIEP_NHAN: "Đã tiếp nhận",
    ReportStatus.DANG_XU_LY: "Đang xử lý",
    ReportStatus.DA_CHUYEN: "Đã chuyển cơ quan chức năng",
    ReportStatus.DA_GIAI_QUYET: "Đã giải quyết",
    ReportStatus.TRUNG_LAP: "Trùng lặp (đã gộp vào phản ánh khác)",
    ReportStatus.KHONG_THUOC_THAM_QUYEN: "Không thuộc thẩm quyền",
    ReportStatus.TU_CHOI: "Không hợp lệ",
}

URGENCY_LABELS: dict[str, str] = {
    Urgency.CAO: "Khẩn cấp",
    Urgency.TRUNG_BINH: "Bình thường",
    Urgency.THAP: "Thấp",
}


MESSAGES: dict[str, str] = {}
for _part in (
    CITIZEN_MESSAGES,
    CONVERSATION_MESSAGES,
    FOLLOWUP_MESSAGES,
    STAFF_MESSAGES,
    STATS_MESSAGES,
    OPEN311_MESSAGES,
    ALERT_MESSAGES,
    DASHBOARD_REPORT_MESSAGES,
    DASHBOARD_QUEUE_MESSAGES,
    DASHBOARD_MAP_MESSAGES,
    ACCOUNT_MESSAGES,
    SUBSCRIPTION_MESSAGES,
    BROADCAST_MESSAGES,
    QUIZ_MESSAGES,
    CAMPAIGN_MESSAGES,
    BROADCAST_DELIVERY_MESSAGES,
    ZALO_MESSAGES,
    KNOWLEDGE_MESSAGES,
    RELIABILITY_MESSAGES,
):
    _clash = MESSAGES.keys() & _part.keys()
    assert not _clash, f"duplicate catalogue keys: {_clash}"
    MESSAGES.update(_part)


def t(key: str, **values: object) -> str:
    """The message under `key`, with `values` filled in."""
    template = MESSAGES[key]
    return template.format(**values) if values else template


def category_label(code: str) -> str:
    """Vietnamese name of a category code."""
    return CATEGORY_LABELS.get(code, code)


def channel_label(code: str) -> str:
    """Vietnamese name of a channel (the code itself for an unknown one)."""
    return MESSAGES.get(f"channel_{code}", code)


def status_label(code: str) -> str:
    """Vietnamese name of a status code."""
    return STATUS_LABELS.get(code, code)


def urgency_label(code: str) -> str:
    """Vietnamese name of an urgency code."""
    return URGENCY_LABELS.get(code, code)


def format_datetime(moment: datetime) -> str:
    """``17:00 ngày 26/11/2026`` in Vietnam time."""
    return moment.astimezone(VN_TZ).strftime("%H:%M ngày %d/%m/%Y")


def format_date(moment: datetime) -> str:
    """``26/11/2026`` in Vietnam time."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y")
