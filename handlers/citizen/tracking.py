"""Looking up reports: by tracking code, and the citizen's own list."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.catalogue import category_label, format_date, format_datetime, status_label, t
from domain.messages import Reply
from domain.statuses import ReportStatus, is_open
from domain.tracking import parse_tracking_code
from handlers.chat.turn import Turn

TRACK = "track_code"


def ask_code(turn: Turn) -> list[Reply]:
    """Ask for the code to look up."""
    turn.reset()
    turn.goto(TRACK)
    return [Reply(text=t("ask_code"))]


async def lookup(turn: Turn, raw: str) -> list[Reply]:
    """Status, deadline and latest public note; personal details only for the author."""
    turn.reset()
    code = parse_tracking_code(raw)
    if code is None:
        return [Reply(text=t("code_invalid", raw=raw.strip()[:30]))]
    report = await turn.uow.reports.by_code(code)
    if report is None:
        return [Reply(text=t("code_not_found", code=code))]
    overdue = is_open(ReportStatus(report.status)) and report.resolve_due_at < datetime.now(UTC)
    text = t(
        "track_result",
        code=report.code,
        status=status_label(report.status),
        category=category_label(report.category),
        created=format_datetime(report.created_at),
        resolve_by=format_datetime(report.resolve_due_at),
        overdue=t("track_overdue") if overdue else "",
    )
    if turn.citizen is not None and report.citizen_id == turn.citizen.id:
        place = report.place_name or report.place_text or t("summary_place_unknown")
        text += t("track_own_details", text=report.text[:300], place=place)
    note = await turn.uow.reports.latest_public_note(report.id)
    if note:
        text += t("track_note", note=note)
    return [Reply(text=text)]


async def mine(turn: Turn) -> list[Reply]:
    """The citizen's latest reports."""
    assert turn.citizen is not None
    reports = await turn.uow.reports.for_citizen(turn.citizen.id)
    if not reports:
        return [Reply(text=t("mine_empty"))]
    lines = [t("mine_header")]
    for report in reports:
        snippet = report.text if len(report.text) <= 60 else report.text[:57] + "…"
        lines.append(
            t(
                "mine_line",
                code=report.code,
                status=status_label(report.status),
                date=format_date(report.created_at),
                text=snippet,
            )
        )
    return [Reply(text="\n".join(lines))]
