"""Finishing a report: photos and phone inside the draft, filing it, and settled buttons.

Filing gives the code at once; anonymity, a phone number and additions are offered after it as
optional extras (``handlers/citizen/after_filing.py``). A report whose text signals danger to
life is filed immediately with what is known, and the code comes with the safety notice.
"""

from __future__ import annotations

import re

from domain.catalogue import format_datetime, status_label, t
from domain.messages import Button, Reply
from handlers.chat.keyboards import main_menu
from handlers.chat.turn import Turn
from handlers.citizen.report_service import Filing, file_report
from storage.models import Report

CONFIRM = "report_confirm"
LEGACY_STATES = ("report_photo", "report_anonymous", "report_phone")
FILED = "report_filed"
EXTRA = "x:"  # the buttons under a filed report: x:<action>:<code>

_PHONE_RE = re.compile(r"^\(?\+?\d[\d\s.\-()]{7,16}\d$")


def looks_like_phone(text: str) -> bool:
    """True when the whole text is a phone number in a common Vietnamese format."""
    return bool(_PHONE_RE.match(text.strip())) and 9 <= len(normalise_phone(text)) <= 13


def normalise_phone(text: str) -> str:
    """Digits (and a leading +) of a typed number."""
    cleaned = re.sub(r"[^\d+]", "", text.strip())
    return cleaned[0] + cleaned[1:].replace("+", "") if cleaned else cleaned


async def store_photo(turn: Turn) -> Reply | None:
    """Keep the downloaded photo with the draft; a reply only when it could not be kept."""
    photos = turn.report.photos
    max_photos = turn.config.max_photos
    if len(photos) >= max_photos:
        return Reply(text=t("photo_limit", max_photos=max_photos))
    data = turn.incoming.photo
    if data is not None and (data.oversize or len(data.content) > turn.config.max_photo_bytes):
        return Reply(text=t("photo_too_large", max_mb=turn.config.max_photo_bytes // 2**20))
    if data is None or not data.content:
        return Reply(text=t("photo_failed"))
    assert turn.citizen is not None
    attachment = await turn.uow.attachments.add(
        turn.citizen.id, data.content, data.mime_type, data.source_ref
    )
    photos.append(attachment.id)
    return None


def draft_contact(turn: Turn) -> list[Reply]:
    """A contact shared inside the draft: kept if it is the citizen's own."""
    from handlers.citizen.report_flow import advance

    if not turn.incoming.phone:
        return [Reply(text=t("contact_not_own"))]
    turn.report.phone = turn.incoming.phone
    return advance(turn, [t("phone_recorded")])


def draft_phone(turn: Turn, raw: str) -> list[Reply]:
    """A number typed inside the draft."""
    from handlers.citizen.report_flow import advance

    turn.report.phone = normalise_phone(raw)
    return advance(turn, [t("phone_recorded")])


def cancel(turn: Turn) -> list[Reply]:
    """Drop the draft; its buttons answer that it was cancelled."""
    if turn.draft is not None:
        turn.settle(turn.draft.draft_id, "cancelled")
    turn.reset()
    return [main_menu("flow_cancelled")]


def settled_button(turn: Turn, draft_id: str) -> list[Reply]:
    """A button of a report that was filed or cancelled: say so, do nothing."""
    outcome = turn.settled.get(draft_id, "")
    if outcome.startswith("filed:"):
        return [Reply(text=t("button_report_filed", code=outcome.removeprefix("filed:")))]
    if outcome == "cancelled":
        return [Reply(text=t("button_report_cancelled"))]
    return [Reply(text=t("button_expired"))]


async def _file(turn: Turn) -> Report:
    assert turn.citizen is not None
    draft = turn.report
    if draft.category is None:
        draft.category = draft.suggested or "khac"
    filing = Filing(turn.citizen.id, turn.incoming.channel, turn.incoming.chat_id)
    report = await file_report(turn.uow, filing, draft, turn.config.sla)
    if draft.phone and not draft.anonymous:
        turn.citizen.phone = draft.phone
    turn.settle(draft.draft_id, f"filed:{report.code}")
    return report


def extras_buttons(report: Report) -> list[list[Button]]:
    """Optional extras under a filed report: anonymity, a phone number, an addition."""
    rows = [[Button(t("btn_extra_add"), callback_data=f"{EXTRA}add:{report.code}")]]
    optional = []
    if not report.anonymous:
        optional.append(
            Button(t("btn_extra_anonymous"), callback_data=f"{EXTRA}anon:{report.code}")
        )
    if not report.contact_phone and not report.anonymous:
        optional.append(Button(t("btn_extra_phone"), callback_data=f"{EXTRA}phone:{report.code}"))
    if optional:
        rows.insert(0, optional)
    return rows


def _saved_text(report: Report) -> str:
    return t(
        "report_saved",
        code=report.code,
        status=status_label(report.status),
        accept_by=format_datetime(report.accept_due_at),
        resolve_by=format_datetime(report.resolve_due_at),
    )


async def file_from_card(turn: Turn) -> list[Reply]:
    """One tap on «Gửi»: file the report, give the code, offer the extras."""
    report = await _file(turn)
    turn.reset()
    turn.goto(FILED, code=report.code)
    saved = Reply(text=_saved_text(report), buttons=extras_buttons(report), urgent=True)
    return [saved, main_menu("menu_after_report")]


async def file_urgent(turn: Turn, notes: list[str]) -> list[Reply]:
    """Danger to life: file now with what is known; the missing place is asked afterwards."""
    from handlers.citizen.report_card import place_question

    draft = turn.report
    missing_place = draft.place is None or not draft.place.code
    report = await _file(turn)
    turn.reset()
    turn.goto(FILED, code=report.code, awaiting="place" if missing_place else None)
    notice = t("safety_saved", code=report.code)
    if notes:
        notice = "\n".join([notice, *notes])
    replies = [Reply(text=notice, urgent=True, buttons=extras_buttons(report))]
    if missing_place:
        replies.append(place_question(draft, "ask_place_urgent"))
    else:
        replies.append(main_menu("urgent_extras"))
    return replies


def is_extra_button(data: str) -> bool:
    """True for a button under a filed report."""
    return data.startswith(EXTRA)
