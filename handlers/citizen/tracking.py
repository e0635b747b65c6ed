"""Looking up reports: by tracking code, and the citizen's own list."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.catalogue import category_label, format_date, format_datetime, status_label, t
from domain.messages import Button, Reply
from domain.statuses import ReportStatus, is_open
from domain.tracking import find_tracking_code, parse_tracking_code, tracking_code_candidates
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
    code = parse_tracking_code(raw) or find_tracking_code(raw)[0]
    if code is None:  # a code of letters only, typed without «PA»
        candidates = tracking_code_candidates(raw)
        code = candidates[0] if len(candidates) == 1 and len(raw.split()) == 1 else None
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
    own = turn.citizen is not None and report.citizen_id == turn.citizen.id
    if own:
        place = report.place_name or report.place_text or t("summary_place_unknown")
        text += t("track_own_details", text=report.text[:300], place=place)
    note = await turn.uow.reports.latest_public_note(report.id)
    if note:
        text += t("track_note", note=note)
    buttons: list[list[Button]] = []
    if own and is_open(ReportStatus(report.status)):
        buttons = [[Button(t("btn_extra_add"), callback_data=f"x:add:{report.code}")]]
    return [Reply(text=text, buttons=buttons)]


async def latest(turn: Turn) -> list[Reply]:
    """«Bao giờ sửa xong?»: the status of the citizen's latest open report."""
    turn.reset()
    reports = await turn.uow.reports.for_citizen(turn.citizen.id) if turn.citizen else []
    if not reports:
        turn.goto(TRACK)
        return [Reply(text=t("latest_none"))]
    open_reports = [r for r in reports if is_open(ReportStatus(r.status))]
    chosen = open_reports[0] if open_reports else reports[0]
    replies = await lookup(turn, chosen.code)
    if len(open_reports) > 1:
        others = ", ".join(r.code for r in open_reports[1:4])
        replies.append(Reply(text=t("latest_others", others=others)))
    return replies


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
