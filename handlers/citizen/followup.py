"""The citizen's side of follow-up: answering staff questions, confirming the fix, rating."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from domain.catalogue import t
from domain.messages import Button, IncomingKind, Reply
from domain.statuses import ReportStatus
from handlers.chat.text_checks import clean_text, text_problem
from handlers.chat.turn import Turn
from handlers.citizen.additions import own_report as _own_report
from storage.models import Report, ReportEvent

log = logging.getLogger(__name__)

ANSWER = "answer_question"
CALLBACK_PREFIXES = ("answer:", "fixed:", "rate:")


async def _answered_fix(turn: Turn, report: Report) -> bool | None:
    """The citizen's answer to the latest «was it fixed?», or None when not answered yet."""
    events = await turn.uow.reports.events(report.id)
    resolved = [e.at for e in events if e.to_status == ReportStatus.DA_GIAI_QUYET.value]
    since = max(resolved) if resolved else None
    for event in reversed(list(events)):
        if since is not None and event.at < since:
            break
        if event.kind == "confirm_fixed":
            return True
        if event.kind == "reopen":
            return False
    return None


async def _event(turn: Turn, report: Report, kind: str, **fields: object) -> None:
    now = datetime.now(UTC)
    report.updated_at = now
    await turn.uow.reports.add_event(
        ReportEvent(report_id=report.id, at=now, actor="citizen", kind=kind, **fields)
    )


async def on_callback(turn: Turn) -> list[Reply]:
    """Buttons under staff questions and resolution notices."""
    action, _, rest = (turn.incoming.callback_data or "").partition(":")
    code, _, value = rest.partition(":")
    report = await _own_report(turn, code)
    if report is None:
        return [Reply(text=t("button_expired"))]
    if action == "answer":
        turn.reset()
        turn.goto(ANSWER, answer_code=report.code)
        return [Reply(text=t("ask_answer", code=report.code))]
    if action == "rate" and report.rating is not None:
        return [Reply(text=t("rating_already", rating=report.rating, code=report.code))]
    if action == "fixed":
        answered = await _answered_fix(turn, report)
        if answered is not None:
            key = "fixed_already_yes" if answered else "fixed_already_no"
            return [Reply(text=t(key, code=report.code))]
    if report.status != ReportStatus.DA_GIAI_QUYET:
        return [Reply(text=t("followup_not_allowed"))]
    if action == "fixed" and value == "1":
        report.fixed_confirmed = True
        await _event(turn, report, "confirm_fixed", details={"fixed": True})
        buttons = [[Button(str(n), callback_data=f"rate:{report.code}:{n}") for n in range(1, 6)]]
        return [Reply(text=t("ask_rating", code=report.code), buttons=buttons)]
    if action == "fixed" and value == "0":
        report.fixed_confirmed = False
        report.status = ReportStatus.DANG_XU_LY.value
        report.resolved_at = None
        report.staff_alerted_at = None  # the staff alert job announces it again
        await _event(
            turn,
            report,
            "reopen",
            from_status=ReportStatus.DA_GIAI_QUYET.value,
            to_status=ReportStatus.DANG_XU_LY.value,
            public_note=t("reopened_note"),
        )
        log.info("report %s reopened by the citizen", report.code)
        return [Reply(text=t("reopened", code=report.code))]
    if action == "rate" and value in {"1", "2", "3", "4", "5"}:
        report.rating = int(value)
        await _event(turn, report, "rating", details={"rating": int(value)})
        return [Reply(text=t("rating_thanks", rating=value, code=report.code))]
    return [Reply(text=t("button_expired"))]


async def on_answer(turn: Turn) -> list[Reply]:
    """The citizen's answer to a staff question joins the report's timeline."""
    incoming = turn.incoming
    if incoming.kind is not IncomingKind.TEXT or text_problem(incoming.text):
        return [Reply(text=t("ask_answer", code=turn.data.get("answer_code", "")))]
    code = str(turn.data.get("answer_code", ""))
    turn.reset()
    report = await _own_report(turn, code)
    if report is None:
        return [Reply(text=t("button_expired"))]
    text, _ = clean_text(incoming.text or "", turn.config.max_text_length)
    await _event(turn, report, "answer", details={"text": text})
    return [Reply(text=t("answer_recorded", code=report.code))]
