"""Additions to a filed report: more text, photos or the place, from the citizen who filed it.

Each addition is an event on the report's timeline («addition»), so staff see what came later
and when.
"""

from __future__ import annotations

from datetime import UTC, datetime

import nlp
from domain.statuses import ReportStatus, is_open
from handlers.chat.turn import Turn
from handlers.citizen.draft import DraftPlace
from storage.models import Report, ReportEvent


async def own_report(turn: Turn, code: str) -> Report | None:
    """The report with this code when it belongs to the sender (or was filed from this chat)."""
    report = await turn.uow.reports.by_code(code, for_update=True)
    if report is None or turn.citizen is None:
        return None
    same_chat = (report.channel, report.chat_id) == (turn.incoming.channel, turn.incoming.chat_id)
    return report if report.citizen_id == turn.citizen.id or same_chat else None


def can_add(report: Report) -> bool:
    """Additions are taken while the report is open."""
    return is_open(ReportStatus(report.status))


async def _event(turn: Turn, report: Report, details: dict[str, object]) -> None:
    now = datetime.now(UTC)
    report.updated_at = now
    await turn.uow.reports.add_event(
        ReportEvent(report_id=report.id, at=now, actor="citizen", kind="addition", details=details)
    )


async def add_text(turn: Turn, report: Report, text: str) -> None:
    """Append the citizen's words; the staff search finds them too."""
    report.search_text = f"{report.search_text or ''} {nlp.fold(text)}".strip()
    await _event(turn, report, {"text": text})


async def add_photos(turn: Turn, report: Report, attachment_ids: list[int]) -> None:
    """Link photos the citizen sent after filing."""
    assert turn.citizen is not None
    await turn.uow.attachments.link(attachment_ids, turn.citizen.id, report.id)
    await _event(turn, report, {"photos": len(attachment_ids)})


async def add_place(turn: Turn, report: Report, place: DraftPlace) -> None:
    """The place, for a report filed before it was known (an urgent one)."""
    if not report.place_code:
        report.place_text = place.place_text or report.place_text
        report.place_code, report.place_name, report.legacy_place = (
            place.code,
            place.name,
            place.legacy,
        )
        report.latitude, report.longitude = place.lat, place.lon
    await _event(turn, report, {"place": place.display})
