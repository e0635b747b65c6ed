"""How reports are written for the staff Telegram group (alerts, digest) and their buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.catalogue import t
from domain.delivery import Channel
from domain.messages import Button
from storage.models import Report

ACCEPT_PREFIX = "staff:accept:"
SNIPPET = 160


@dataclass(frozen=True)
class GroupConfig:
    """Where the staff group is and how to link to the dashboard."""

    chat_id: str  # the Telegram group id, e.g. "-1001234567890"
    channel: str = Channel.TELEGRAM
    dashboard_url: str | None = None  # public base URL; None: no link buttons


def place_of(report: Report) -> str:
    """The best-known place of a report, for staff."""
    return report.place_name or report.place_text or t("alert_place_unknown")


def snippet(text: str, limit: int = SNIPPET) -> str:
    """The report's text on one line, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def late_text(late: timedelta) -> str:
    """``2 ngày 3 giờ``, ``5 giờ 10 phút`` or ``40 phút``."""
    minutes = max(0, int(late.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return t("late_days", days=days, hours=hours)
    if hours:
        return t("late_hours", hours=hours, minutes=minutes)
    return t("late_minutes", minutes=minutes)


def report_url(config: GroupConfig, code: str) -> str | None:
    """The report's page on the dashboard, when its public URL is configured."""
    if not config.dashboard_url:
        return None
    return f"{config.dashboard_url.rstrip('/')}/phan-anh/{code}"


def report_buttons(config: GroupConfig, report: Report, *, with_code: bool) -> list[Button]:
    """«Tiếp nhận» while the report is new, and the dashboard link when configured."""
    code = report.code
    row: list[Button] = []
    if report.status == "moi":
        label = t("btn_staff_accept_code", code=code) if with_code else t("btn_staff_accept")
        row.append(Button(label, callback_data=f"{ACCEPT_PREFIX}{code}"))
    url = report_url(config, code)
    if url is not None:
        label = t("btn_staff_open_code", code=code) if with_code else t("btn_staff_open")
        row.append(Button(label, url=url))
    return row
