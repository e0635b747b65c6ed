"""Filing a report, the same way for every channel (chat flow, Open311)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import nlp
from domain.sla import SlaRules
from domain.statuses import ReportStatus
from domain.taxonomy import Urgency
from domain.tracking import new_tracking_code
from handlers.citizen.draft import DraftPlace, ReportDraft
from storage.models import Report, ReportEvent
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filing:
    """Who files the report and where they are answered."""

    citizen_id: int
    channel: str
    chat_id: str
    actor: str = "citizen"


def search_text(*parts: str | None) -> str:
    """Folded text (no diacritics, lower case) that the staff search matches against."""
    return nlp.fold(" ".join(p for p in parts if p))


def report_search_text(report: Report) -> str:
    """The search text of a report: its code, description and place names."""
    return search_text(
        report.code, report.text, report.place_text, report.place_name, report.legacy_place
    )


async def file_report(uow: UnitOfWork, filing: Filing, draft: ReportDraft, sla: SlaRules) -> Report:
    """Insert the report with a fresh tracking code, its creation event and its photos.

    The caller commits; nothing is sent before that.
    """
    if draft.category is None:
        raise ValueError("a report is filed with a category")
    now = datetime.now(UTC)
    urgency = Urgency(draft.urgency)
    code = new_tracking_code()
    while await uow.reports.code_exists(code):
        code = new_tracking_code()
    place = draft.place or DraftPlace(display="")
    place_text = place.place_text or None
    report = Report(
        code=code,
        citizen_id=filing.citizen_id,
        channel=filing.channel,
        chat_id=filing.chat_id,
        text=draft.text,
        category=draft.category,
        category_suggested=draft.suggested,
        category_confidence=draft.confidence,
        urgency=urgency.value,
        urgency_reasons=list(draft.urgency_reasons),
        place_text=place_text,
        place_code=place.code,
        place_name=place.name,
        legacy_place=place.legacy,
        latitude=place.lat,
        longitude=place.lon,
        anonymous=draft.anonymous,
        contact_phone=None if draft.anonymous else draft.phone,
        status=ReportStatus.MOI.value,
        flagged=list(draft.flagged),
        accept_due_at=sla.accept_by(now, urgency),
        resolve_due_at=sla.resolve_by(now),
        created_at=now,
        updated_at=now,
    )
    report.search_text = report_search_text(report)
    event = ReportEvent(
        actor=filing.actor, kind="created", to_status=ReportStatus.MOI.value, at=now
    )
    await uow.reports.add(report, event)
    await uow.attachments.link(draft.photos, filing.citizen_id, report.id)
    log.info("report %s saved: category=%s urgency=%s", code, report.category, report.urgency)
    return report
